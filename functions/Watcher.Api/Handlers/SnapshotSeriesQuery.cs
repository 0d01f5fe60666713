using System.Globalization;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;

namespace Watcher.Api.Handlers;

/// <summary>
/// The <c>include=series</c> part of <c>GET /v1/cluster_snapshot</c>: which metrics, over which period (seconds, ending at
/// the last whole step before now) at which granularity (seconds), validated with a 400 naming the problem and bounded
/// in size; then the series from the selected datasource, resampled onto the grid.
/// </summary>
public sealed record SnapshotSeriesQuery(IReadOnlyList<string> Metrics, TimeSpan Period, TimeSpan Granularity)
{
    /// <summary>At most this many samples per series.</summary>
    public const int MaxSamplesPerSeries = 10_080;

    /// <summary>At most this many values in the whole response (resources × metrics × samples).</summary>
    public const long MaxValues = 2_000_000;

    private static readonly string[] Parameters = ["metrics", "period", "granularity"];

    /// <summary>The query of a request, or null when it does not ask for series; a <see cref="ValidationException"/> for bad input.</summary>
    public static SnapshotSeriesQuery? Parse(string? include, string? metrics, string? period, string? granularity)
    {
        var included = (include ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in included)
        {
            if (part != "series")
            {
                throw new ValidationException($"include: unknown value '{part}'; valid: series.");
            }
        }

        if (included.Length == 0)
        {
            var stray = Parameters.Zip([metrics, period, granularity]).FirstOrDefault(p => p.Second is not null).First;
            return stray is null ? null : throw new ValidationException($"{stray} applies only with include=series.");
        }

        var names = (metrics ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new ValidationException($"metrics is required with include=series: a comma-separated list of {string.Join(", ", MetricNames.All)}.");
        }

        var unknown = names.Where(n => !MetricNames.All.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException($"metrics: unknown {string.Join(", ", unknown)}; valid: {string.Join(", ", MetricNames.All)}.");
        }

        var periodSeconds = Seconds("period", period, 86_400);
        var stepSeconds = Seconds("granularity", granularity, 3_600);
        if (stepSeconds > periodSeconds)
        {
            throw new ValidationException($"granularity ({stepSeconds} s) must not exceed period ({periodSeconds} s).");
        }

        var samples = periodSeconds / stepSeconds;
        if (samples > MaxSamplesPerSeries)
        {
            throw new ValidationException($"period / granularity gives {samples} samples per series; at most {MaxSamplesPerSeries} are allowed (raise granularity or shorten period).");
        }

        return new SnapshotSeriesQuery(names, TimeSpan.FromSeconds(periodSeconds), TimeSpan.FromSeconds(stepSeconds));
    }

    /// <summary>Queries the source for every metric over all resources of its kind and returns the section.</summary>
    public async Task<SnapshotSeries> CollectAsync(IMetricsSource source, ClusterModel cluster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(cluster);
        var unsupported = Metrics.Where(m => !source.SupportedMetrics.Contains(m)).ToList();
        if (unsupported.Count > 0)
        {
            throw new ValidationException($"metrics: the datasource '{source.Name}' does not serve {string.Join(", ", unsupported)}.");
        }

        var samples = (int)(Period.Ticks / Granularity.Ticks);
        var values = Metrics.Sum(m => (long)(IsHost(m) ? cluster.Hosts.Count : cluster.Instances.Count) * samples);
        if (values > MaxValues)
        {
            throw new ValidationException($"The series would hold {values} values ({cluster.Hosts.Count} hosts, {cluster.Instances.Count} instances, {samples} samples per series); at most {MaxValues} are allowed: ask for fewer metrics, a shorter period or a coarser granularity.");
        }

        var end = SeriesGrid.AlignedEnd(now, Granularity);
        var start = end - (Granularity * samples);
        var history = new MetricsHistory();
        foreach (var metric in Metrics)
        {
            var resource = IsHost(metric) ? MetricResource.Host : MetricResource.Instance;
            var ids = resource == MetricResource.Host ? cluster.Hosts.Select(h => h.Uuid).ToList() : cluster.Instances.Select(i => i.Uuid).ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            foreach (var series in await source.QueryRangeAsync(new MetricRangeQuery(metric, resource, ids, start, end, Granularity), cancellationToken))
            {
                if (series.Points.Count > 0)
                {
                    history.Add(resource, series.ResourceId, metric, new RegularSeries(start, Granularity, SeriesGrid.Resample(series.Points, start, Granularity, samples)));
                }
            }
        }

        return SnapshotSeries.From(history);
    }

    private static bool IsHost(string metric) => metric.StartsWith("host_", StringComparison.Ordinal);

    private static long Seconds(string name, string? text, long fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 60 || seconds > 366L * 86_400)
        {
            throw new ValidationException($"{name} must be a whole number of seconds between 60 and {366L * 86_400}, got '{text}'.");
        }

        return seconds;
    }
}
