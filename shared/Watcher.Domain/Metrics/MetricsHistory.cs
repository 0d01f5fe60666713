namespace Watcher.Domain.Metrics;

/// <summary>An in-memory <see cref="IMetricsHistory"/>: what an audit collected, a snapshot file carried or a test built.</summary>
public sealed class MetricsHistory : IMetricsHistory
{
    private readonly Dictionary<(MetricResource Resource, string Id, string Metric), RegularSeries> _series = [];

    /// <summary>History with no series.</summary>
    public static IMetricsHistory Empty { get; } = new MetricsHistory();

    /// <summary>Number of series held.</summary>
    public int Count => _series.Count;

    /// <summary>Adds or replaces one series.</summary>
    public MetricsHistory Add(MetricResource resource, string resourceId, string metric, RegularSeries series)
    {
        _series[(resource, resourceId, metric)] = series;
        return this;
    }

    /// <inheritdoc />
    public RegularSeries? Series(MetricResource resource, string resourceId, string metric) =>
        _series.TryGetValue((resource, resourceId, metric), out var s) ? s : null;

    /// <summary>Every series held, with its key.</summary>
    public IEnumerable<(MetricResource Resource, string ResourceId, string Metric, RegularSeries Series)> All() =>
        _series.Select(kv => (kv.Key.Resource, kv.Key.Id, kv.Key.Metric, kv.Value));
}
