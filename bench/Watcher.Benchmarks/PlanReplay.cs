using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Benchmarks;

/// <summary>
/// Applies a plan's migrations to the cluster unconditionally (even ones that do not fit, unlike
/// <see cref="Placement.Move"/>) and counts what a person would check: hosts emptied by the plan and hosts left over
/// capacity in any resource.
/// </summary>
public sealed record PlanReplay(int ReleasedHosts, int OverCapacityHosts)
{
    public static PlanReplay Of(ClusterModel cluster, IReadOnlyList<ProposedAction> actions)
    {
        var used = new Dictionary<string, Resources>(StringComparer.Ordinal);
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var hostOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in cluster.Hosts)
        {
            used[node.Uuid] = Resources.Zero;
            count[node.Uuid] = 0;
        }

        foreach (var instance in cluster.Instances)
        {
            used[instance.HostUuid] += instance.Demand;
            count[instance.HostUuid]++;
            hostOf[instance.Uuid] = instance.HostUuid;
        }

        var initiallyBusy = count.Where(c => c.Value > 0).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (action.ActionType != ActionTypes.Migrate || action.ResourceId is not { } id || cluster.FindInstance(id) is not { } instance)
            {
                continue;
            }

            var destination = action.InputParameters["destination_node"]?.GetValue<string>() is { } name ? cluster.FindNode(name) : null;
            if (destination is null)
            {
                continue;
            }

            var from = hostOf[id];
            used[from] -= instance.Demand;
            count[from]--;
            used[destination.Uuid] += instance.Demand;
            count[destination.Uuid]++;
            hostOf[id] = destination.Uuid;
        }

        var released = initiallyBusy.Count(uuid => count[uuid] == 0);
        var over = cluster.Hosts.Count(n => !(n.Capacity - used[n.Uuid]).IsNonNegative);
        return new PlanReplay(released, over);
    }
}
