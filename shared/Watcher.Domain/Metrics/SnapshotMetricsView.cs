using System.Collections.Concurrent;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics;

/// <summary>
/// Reads collected metrics first and falls back to the values embedded in the cluster model (a snapshot file's or the
/// simulator's own figures). A fallback is never silent: every metric read from the model instead of the datasource,
/// and every metric found nowhere, is counted and reported by <see cref="Warnings"/>; a value found nowhere reads as
/// null (no data), never as zero.
/// </summary>
public sealed class SnapshotMetricsView(MetricsSnapshot snapshot, ClusterModel cluster) : IMetricsView
{
    private readonly ModelMetricsView _fallback = new(cluster);
    private readonly ConcurrentDictionary<(string Kind, string Metric), ConcurrentDictionary<string, bool>> _gaps = new();

    public double? Host(string nodeUuid, string metric) =>
        snapshot.Hosts.TryGetValue(nodeUuid, out var m) && m.TryGetValue(metric, out var v) ? v : Fallback("host", nodeUuid, metric, _fallback.Host(nodeUuid, metric));

    public double? Instance(string instanceUuid, string metric) =>
        snapshot.Instances.TryGetValue(instanceUuid, out var m) && m.TryGetValue(metric, out var v) ? v : Fallback("instance", instanceUuid, metric, _fallback.Instance(instanceUuid, metric));

    /// <summary>
    /// One line per metric the datasource had no value for on some resources the strategy read: how many fell back to
    /// the cluster model's embedded value and how many had no value at all. Empty when the datasource answered every read.
    /// </summary>
    public IReadOnlyList<string> Warnings => _gaps
        .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Metric, StringComparer.Ordinal)
        .Select(g =>
        {
            var fromModel = g.Value.Count(r => r.Value);
            var none = g.Value.Count - fromModel;
            return $"Datasource {snapshot.Source} had no {g.Key.Metric} for {g.Value.Count} {g.Key.Kind}(s): "
                + (fromModel > 0 ? $"{fromModel} read the cluster model's embedded value" : string.Empty)
                + (fromModel > 0 && none > 0 ? ", " : string.Empty)
                + (none > 0 ? $"{none} had no value and were left out" : string.Empty) + ".";
        })
        .ToList();

    private double? Fallback(string kind, string id, string metric, double? fromModel)
    {
        _gaps.GetOrAdd((kind, metric), _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal))[id] = fromModel is not null;
        return fromModel;
    }
}
