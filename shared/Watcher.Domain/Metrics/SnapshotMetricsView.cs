using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics;

/// <summary>Reads collected metrics first and falls back to the values embedded in the cluster model.</summary>
public sealed class SnapshotMetricsView(MetricsSnapshot snapshot, ClusterModel cluster) : IMetricsView
{
    private readonly ModelMetricsView _fallback = new(cluster);

    public double? Host(string nodeUuid, string metric) =>
        snapshot.Hosts.TryGetValue(nodeUuid, out var m) && m.TryGetValue(metric, out var v) ? v : _fallback.Host(nodeUuid, metric);

    public double? Instance(string instanceUuid, string metric) =>
        snapshot.Instances.TryGetValue(instanceUuid, out var m) && m.TryGetValue(metric, out var v) ? v : _fallback.Instance(instanceUuid, metric);
}
