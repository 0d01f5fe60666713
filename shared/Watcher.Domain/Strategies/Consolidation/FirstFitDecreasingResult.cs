using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>What the first-fit-decreasing baseline achieves on a cluster: the nodes it empties and the migrations it needs.</summary>
public sealed record FirstFitDecreasingResult(IReadOnlyList<ComputeNode> ReleasedHosts, IReadOnlyList<ConsolidationMove> Migrations)
{
    public int ReleasedCount => ReleasedHosts.Count;
}
