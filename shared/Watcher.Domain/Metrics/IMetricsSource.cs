namespace Watcher.Domain.Metrics;

/// <summary>
/// The datasource contract (Watcher's datasource plugins): raw metric series over a period at a granularity, not only
/// one aggregate, so strategies can see daily and weekly patterns. Adapters: the simulator, Prometheus, Azure Monitor.
/// </summary>
public interface IMetricsSource
{
    string Name { get; }

    Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default);
}
