using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics;

/// <summary>
/// Collects the aggregated metrics an audit's strategy needs: selects the first datasource that serves them all
/// (<see cref="MetricsSourceChain.Select(IMetricsSource, IReadOnlyCollection{string})"/>, which fails naming the missing
/// metrics) and asks it for one aggregate per resource over the audit period (<see cref="IMetricsSource.QueryAggregateAsync"/>,
/// Watcher's <c>statistic_aggregation</c>), so sources that aggregate server-side do.
/// </summary>
public static class MetricsCollector
{
    /// <summary>Metrics every audit collects, when the selected source serves them, in addition to what the strategy declares.</summary>
    public static IReadOnlyList<string> Baseline { get; } =
        [MetricNames.HostCpuUsage, MetricNames.HostRamUsage, MetricNames.InstanceCpuUsage, MetricNames.InstanceRamUsage];

    /// <exception cref="Errors.ValidationException">No datasource serves every metric in <paramref name="metrics"/>.</exception>
    public static async Task<MetricsSnapshot> CollectAsync(
        IMetricsSource source, ClusterModel cluster, IEnumerable<string> metrics, DateTimeOffset end, TimeSpan period, TimeSpan step, string aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(metrics);
        SeriesAnalysis.ValidateMethod(aggregation);
        var required = metrics.Distinct(StringComparer.Ordinal).ToList();
        var selected = MetricsSourceChain.Select(source, required);
        var supported = selected.SupportedMetrics.ToHashSet(StringComparer.Ordinal);
        var start = end - period;
        var hosts = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var instances = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var metric in required.Concat(Baseline.Where(supported.Contains)).Distinct(StringComparer.Ordinal))
        {
            var isHost = MetricNames.IsHostMetric(metric);
            var ids = isHost ? cluster.Hosts.Select(h => h.Uuid).ToList() : cluster.Instances.Select(i => i.Uuid).ToList();
            var values = await selected.QueryAggregateAsync(new MetricRangeQuery(metric, isHost ? MetricResource.Host : MetricResource.Instance, ids, start, end, step), aggregation, cancellationToken);
            var target = isHost ? hosts : instances;
            foreach (var (id, value) in values)
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                if (!target.TryGetValue(id, out var row))
                {
                    row = new Dictionary<string, double>(StringComparer.Ordinal);
                    target[id] = row;
                }

                row[metric] = value;
            }
        }

        return new MetricsSnapshot { Hosts = hosts, Instances = instances, Source = selected.Name, Start = start, End = end, Aggregation = aggregation };
    }
}
