using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>The output of <see cref="MigrationSequencer"/>: migrations in a safe order, any that could not be ordered, and the resulting placement.</summary>
internal sealed record SequencedMoves(IReadOnlyList<ConsolidationMove> Moves, IReadOnlyList<ConsolidationMove> Dropped, Placement Final)
{
    /// <summary>True when the node ends with no instance on it.</summary>
    public bool EndsEmpty(ComputeNode node) => Final.InstanceCount(node.Uuid) == 0;
}
