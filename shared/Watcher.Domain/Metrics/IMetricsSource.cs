namespace Watcher.Domain.Metrics;

/// <summary>
/// The datasource contract (Watcher's datasource plugins): raw metric series over a period at a granularity, not only
/// one aggregate, so strategies can see daily and weekly patterns. Adapters: the simulator, Prometheus, Azure Monitor.
/// </summary>
public interface IMetricsSource
{
    string Name { get; }

    /// <summary>The Watcher metric names (<see cref="MetricNames"/>) this source can serve; an audit uses the first configured source that covers its strategy's metrics.</summary>
    IReadOnlyCollection<string> SupportedMetrics { get; }

    /// <summary>Raw samples, no aggregation: one series per resource that has data, oldest sample first.</summary>
    Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// One aggregate per resource over the query's period (Watcher's <c>statistic_aggregation</c>): <c>mean</c>, <c>min</c>,
    /// <c>max</c>, <c>count</c>, <c>last</c> or <c>pNN</c>. Resources without data are absent. The default aggregates the raw
    /// series; sources that can aggregate server-side override it.
    /// </summary>
    async Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
    {
        SeriesAnalysis.ValidateMethod(aggregation);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in await QueryRangeAsync(query, cancellationToken))
        {
            if (SeriesAnalysis.Aggregate(series.Points, aggregation) is { } value)
            {
                result[series.ResourceId] = value;
            }
        }

        return result;
    }
}
