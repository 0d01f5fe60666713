using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>Measures a consolidation plan by replaying its migrations on the cluster it was computed on (for tests and benchmarks).</summary>
public static class ConsolidationReplay
{
    /// <summary>
    /// The nodes that run instances before the plan and none after it (migrations applied in order; a migration that
    /// does not fit is skipped, which <see cref="Planning.PlanVerifier"/> would report).
    /// </summary>
    public static IReadOnlyList<ComputeNode> ReleasedHosts(ClusterModel cluster, IReadOnlyList<ProposedAction> actions)
    {
        var placement = Replay(cluster, actions);
        return cluster.Hosts
            .Where(h => cluster.InstancesOn(h.Uuid).Count > 0 && placement.InstanceCount(h.Uuid) == 0)
            .ToList();
    }

    /// <summary>The placement after applying the plan's migrations in order.</summary>
    public static Placement Replay(ClusterModel cluster, IReadOnlyList<ProposedAction> actions)
    {
        var placement = new Placement(cluster);
        foreach (var action in actions.Where(a => a.ActionType == ActionTypes.Migrate))
        {
            var instance = action.ResourceId is { } id ? cluster.FindInstance(id) : null;
            var destination = action.InputParameters["destination_node"]?.GetValue<string>() is { } name ? cluster.FindNode(name) : null;
            if (instance is not null && destination is not null && placement.HostOf(instance) != destination.Uuid && placement.Fits(instance, destination))
            {
                placement.Move(instance, destination);
            }
        }

        return placement;
    }
}
