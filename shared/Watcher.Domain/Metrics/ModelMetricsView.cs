using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics;

/// <summary>Reads metrics from the values embedded in the cluster model (snapshot files and the simulator carry them).</summary>
public sealed class ModelMetricsView(ClusterModel cluster) : IMetricsView
{
    public double? Host(string nodeUuid, string metric) =>
        cluster.FindNode(nodeUuid)?.Metrics is { } m && m.TryGetValue(metric, out var v) ? v : null;

    public double? Instance(string instanceUuid, string metric) =>
        cluster.FindInstance(instanceUuid)?.Metrics is { } m && m.TryGetValue(metric, out var v) ? v : null;
}
