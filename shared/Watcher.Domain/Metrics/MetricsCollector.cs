using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics;

/// <summary>Queries raw series for the metrics a strategy needs and aggregates them over the audit period.</summary>
public static class MetricsCollector
{
    /// <summary>Metrics every audit collects in addition to what the strategy declares.</summary>
    public static IReadOnlyList<string> Baseline { get; } =
        [MetricNames.HostCpuUsage, MetricNames.HostRamUsage, MetricNames.InstanceCpuUsage, MetricNames.InstanceRamUsage];

    public static async Task<MetricsSnapshot> CollectAsync(
        IMetricsSource source, ClusterModel cluster, IEnumerable<string> metrics, DateTimeOffset end, TimeSpan period, TimeSpan step, string aggregation, CancellationToken cancellationToken = default)
    {
        SeriesAnalysis.ValidateMethod(aggregation);
        var start = end - period;
        var hosts = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var instances = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var metric in metrics.Concat(Baseline).Distinct(StringComparer.Ordinal))
        {
            var isHost = metric.StartsWith("host_", StringComparison.Ordinal);
            var ids = isHost ? cluster.Hosts.Select(h => h.Uuid).ToList() : cluster.Instances.Select(i => i.Uuid).ToList();
            var series = await source.QueryRangeAsync(new MetricRangeQuery(metric, isHost ? MetricResource.Host : MetricResource.Instance, ids, start, end, step), cancellationToken);
            var target = isHost ? hosts : instances;
            foreach (var s in series)
            {
                if (SeriesAnalysis.Aggregate(s.Points, aggregation) is { } value)
                {
                    if (!target.TryGetValue(s.ResourceId, out var values))
                    {
                        values = new Dictionary<string, double>(StringComparer.Ordinal);
                        target[s.ResourceId] = values;
                    }

                    values[metric] = value;
                }
            }
        }

        return new MetricsSnapshot { Hosts = hosts, Instances = instances, Source = source.Name, Start = start, End = end, Aggregation = aggregation };
    }
}
