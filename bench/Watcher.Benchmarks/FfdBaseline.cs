using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Benchmarks;

/// <summary>
/// The consolidation baseline: the domain's plain first-fit-decreasing (<see cref="FirstFitDecreasing"/>), which moves
/// the same instances the strategies may move (active ones live, stopped ones cold), expressed as migrate actions.
/// </summary>
public static class FfdBaseline
{
    /// <param name="cluster">The cluster to consolidate.</param>
    /// <param name="liveOnly">Move only active instances (live migration), as Watcher's <c>basic</c> strategy does.</param>
    public static FfdOutcome Run(ClusterModel cluster, bool liveOnly = false)
    {
        var result = liveOnly
            ? FirstFitDecreasing.Consolidate(cluster, canMove: i => i.State == InstanceState.Active)
            : FirstFitDecreasing.Consolidate(cluster);
        var migrations = result.Migrations
            .Select(m => ActionFactory.Migrate(m.Instance, m.Source, m.Destination, m.Instance.State == InstanceState.Active ? "live" : "cold"))
            .ToList();
        return new FfdOutcome(result.ReleasedCount, migrations);
    }
}
