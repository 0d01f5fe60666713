using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>The server_consolidation goal's efficacy indicators and its global efficacy (Watcher's specs.ServerConsolidation).</summary>
public static class ConsolidationEfficacy
{
    public static IReadOnlyList<EfficacyIndicator> Indicators(int computeNodes, int released, int migrations) =>
    [
        new("compute_nodes_count", "The total number of enabled compute nodes.", null, computeNodes),
        new("released_compute_nodes_count", "The number of compute nodes to be released.", null, released),
        new("instance_migrations_count", "The number of VM migrations to be performed.", null, migrations),
    ];

    /// <summary><c>released_nodes_ratio</c>: released / compute nodes × 100, 0 when there is no compute node.</summary>
    public static IReadOnlyList<EfficacyIndicator> Global(int computeNodes, int released) =>
    [
        new("released_nodes_ratio", "Ratio of released compute nodes divided by the total number of enabled compute nodes.", "%",
            computeNodes > 0 ? (double)released / computeNodes * 100 : 0),
    ];
}
