using Watcher.Domain.Metrics.Storage;

namespace Watcher.Cli;

/// <summary>The <c>series</c> section of a snapshot file, read on its own (the cluster part is read as <see cref="Domain.Cluster.ClusterModel"/>).</summary>
public sealed class SnapshotSeriesDocument
{
    public SnapshotSeries? Series { get; init; }
}
