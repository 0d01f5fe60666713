namespace Watcher.Domain.Metrics;

/// <summary>
/// A datasource seen through its configured metric map (<c>Watcher:Datasources:&lt;name&gt;:MetricMap</c>): Watcher
/// metric → the name the source knows it by (an entry of its own catalogue: a Prometheus query key, an Azure Monitor
/// mapping key, another simulator metric). An empty value stops the source serving that metric. Unmapped metrics pass
/// through unchanged; series come back under the Watcher name.
/// </summary>
public sealed class MappedMetricsSource : IMetricsSource
{
    private readonly IMetricsSource _inner;
    private readonly IReadOnlyDictionary<string, string> _map;

    public MappedMetricsSource(IMetricsSource inner, IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(map);
        _inner = inner;
        _map = map;
    }

    public string Name => _inner.Name;

    /// <summary>The source's own metrics that no map entry overrides or targets, plus every mapped metric whose target the source serves.</summary>
    public IReadOnlyCollection<string> SupportedMetrics
    {
        get
        {
            var native = _inner.SupportedMetrics.ToHashSet(StringComparer.Ordinal);
            var targets = _map.Values.Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            return native.Where(m => !_map.ContainsKey(m) && !targets.Contains(m))
                .Concat(_map.Where(kv => !string.IsNullOrWhiteSpace(kv.Value) && native.Contains(kv.Value.Trim())).Select(kv => kv.Key))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }
    }

    /// <summary>The name the source knows <paramref name="metric"/> by, or null when the map disables it.</summary>
    public string? NativeName(string metric) =>
        _map.TryGetValue(metric, out var native) ? (string.IsNullOrWhiteSpace(native) ? null : native.Trim()) : metric;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (NativeName(query.Metric) is not { } native)
        {
            return [];
        }

        var series = await _inner.QueryRangeAsync(query with { Metric = native }, cancellationToken);
        return native == query.Metric ? series : series.Select(s => s with { Metric = query.Metric }).ToList();
    }

    public Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return NativeName(query.Metric) is { } native
            ? _inner.QueryAggregateAsync(query with { Metric = native }, aggregation, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>());
    }
}
