using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Checks the hard invariants of a proposed plan against the cluster it was computed on: applying its migrations in
/// order never puts a node over capacity (vCPU, RAM, disk, after allocation ratio and reservations), never migrates an
/// instance to the node it is on, and never names an unknown instance or node. Returns the violations found.
/// </summary>
public static class PlanVerifier
{
    public static IReadOnlyList<string> Verify(ClusterModel cluster, IReadOnlyList<ProposedAction> actions)
    {
        var problems = new List<string>();
        var placement = new Placement(cluster);
        var overloadedBefore = placement.OverloadedNodes().Select(n => n.Uuid).ToHashSet(StringComparer.Ordinal);
        foreach (var action in actions.Where(a => a.ActionType == ActionTypes.Migrate))
        {
            var id = action.ResourceId;
            var instance = id is null ? null : cluster.FindInstance(id);
            var destinationName = action.InputParameters["destination_node"]?.GetValue<string>();
            var destination = destinationName is null ? null : cluster.FindNode(destinationName);
            if (instance is null)
            {
                problems.Add($"migrate names unknown instance '{id}'");
                continue;
            }

            if (destination is null)
            {
                problems.Add($"migrate of {instance.Uuid} names unknown destination '{destinationName}'");
                continue;
            }

            if (placement.HostOf(instance) == destination.Uuid)
            {
                problems.Add($"migrate of {instance.Uuid} to {destination.Hostname}, the node it is already on");
                continue;
            }

            if (!placement.Fits(instance, destination))
            {
                problems.Add($"migrate of {instance.Uuid} overloads {destination.Hostname}");
                continue;
            }

            placement.Move(instance, destination);
        }

        foreach (var node in placement.OverloadedNodes().Where(n => !overloadedBefore.Contains(n.Uuid)))
        {
            problems.Add($"{node.Hostname} ends over capacity");
        }

        return problems;
    }
}
