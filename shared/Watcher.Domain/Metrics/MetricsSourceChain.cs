using Watcher.Domain.Errors;

namespace Watcher.Domain.Metrics;

/// <summary>
/// The configured datasources in order (Watcher's <c>[watcher_datasources] datasources</c>): an audit uses the first
/// source that serves every metric its strategy needs (<see cref="Select(IReadOnlyCollection{string})"/>), and fails naming the missing metrics and
/// the sources tried when none does, rather than reading nothing and treating it as zero. As an
/// <see cref="IMetricsSource"/> itself it serves the union of its sources' metrics, each query going to the first source
/// that serves the query's metric.
/// </summary>
public sealed class MetricsSourceChain : IMetricsSource
{
    private readonly IReadOnlyList<IMetricsSource> _sources;

    /// <param name="sources">The datasources, most preferred first; at least one.</param>
    public MetricsSourceChain(IReadOnlyList<IMetricsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("A datasource chain needs at least one datasource.", nameof(sources));
        }

        _sources = sources;
    }

    /// <summary>The sources, in order.</summary>
    public IReadOnlyList<IMetricsSource> Sources => _sources;

    /// <summary>The sources' names, comma-separated (the one name when there is one source).</summary>
    public string Name => string.Join(",", _sources.Select(s => s.Name));

    /// <inheritdoc />
    public IReadOnlyCollection<string> SupportedMetrics =>
        _sources.SelectMany(s => s.SupportedMetrics).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The first source that serves all of <paramref name="metrics"/>.
    /// </summary>
    /// <exception cref="ValidationException">No source serves them all; the message names, per source tried, the metrics it lacks.</exception>
    public IMetricsSource Select(IReadOnlyCollection<string> metrics) => Select(_sources, metrics);

    /// <summary>
    /// <see cref="Select(IReadOnlyCollection{string})"/> on any source: a chain selects among its sources, a single
    /// source is returned when it serves all of <paramref name="metrics"/>.
    /// </summary>
    /// <exception cref="ValidationException">No source serves them all.</exception>
    public static IMetricsSource Select(IMetricsSource source, IReadOnlyCollection<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is MetricsSourceChain chain ? chain.Select(metrics) : Select([source], metrics);
    }

    public Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return For(query.Metric) is { } source ? source.QueryRangeAsync(query, cancellationToken) : Task.FromResult<IReadOnlyList<TimeSeries>>([]);
    }

    public Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return For(query.Metric) is { } source
            ? source.QueryAggregateAsync(query, aggregation, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>());
    }

    private IMetricsSource? For(string metric) => _sources.FirstOrDefault(s => s.SupportedMetrics.Contains(metric, StringComparer.Ordinal));

    private static IMetricsSource Select(IReadOnlyList<IMetricsSource> sources, IReadOnlyCollection<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var wanted = metrics.Distinct(StringComparer.Ordinal).ToList();
        var lacks = new List<string>(sources.Count);
        foreach (var source in sources)
        {
            var supported = source.SupportedMetrics.ToHashSet(StringComparer.Ordinal);
            var missing = wanted.Where(m => !supported.Contains(m)).ToList();
            if (missing.Count == 0)
            {
                return source;
            }

            lacks.Add($"{source.Name} lacks {string.Join(", ", missing)}");
        }

        var nowhere = wanted.Where(m => !sources.Any(s => s.SupportedMetrics.Contains(m, StringComparer.Ordinal))).ToList();
        throw new ValidationException(
            $"No configured datasource serves every metric the strategy needs ({string.Join(", ", wanted)}): {string.Join("; ", lacks)}. "
            + (nowhere.Count > 0 ? $"Missing from every datasource: {string.Join(", ", nowhere)}. " : string.Empty)
            + $"Datasources tried, in order: {string.Join(", ", sources.Select(s => s.Name))} (Watcher:Datasources:Order; a datasource's MetricMap can map a metric to another of its names).");
    }
}
