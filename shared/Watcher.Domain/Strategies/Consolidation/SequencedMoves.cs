using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>The output of <see cref="MigrationSequencer"/>: migrations in a safe order, any that could not be ordered, the instances parked on the way, and the resulting placement.</summary>
/// <param name="Moves">Migrations in order; each fits its destination once every earlier one is done (a parked instance appears twice).</param>
/// <param name="Dropped">Planned moves that no order could apply safely; their instances stay where they are.</param>
/// <param name="Parked">Instances parked on a third node to break a cycle (each adds one migration).</param>
/// <param name="Final">The placement after every move.</param>
public sealed record SequencedMoves(IReadOnlyList<ConsolidationMove> Moves, IReadOnlyList<ConsolidationMove> Dropped, IReadOnlyList<Instance> Parked, Placement Final)
{
    /// <summary>True when the node ends with no instance on it.</summary>
    public bool EndsEmpty(ComputeNode node) => Final.InstanceCount(node.Uuid) == 0;

    /// <summary>One warning per dropped move and per parked instance, in Watcher's wording style.</summary>
    public IReadOnlyList<string> Warnings() =>
    [
        .. Dropped.Select(m => $"Migration of {m.Instance.Uuid} ({m.Instance.Name}) from {m.Source.Hostname} to {m.Destination.Hostname} could not be ordered safely and was left out: it stays on {m.Source.Hostname}."),
        .. Parked.Select(i => $"Instance {i.Uuid} ({i.Name}) is parked on an intermediate host to break a migration cycle (one extra migration)."),
    ];
}
