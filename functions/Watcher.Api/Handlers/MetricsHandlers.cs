using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Api.Contracts;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Api.Handlers;

/// <summary>
/// Metric history of one host or instance from the selected datasource (<see cref="IMetricsSource"/>): the raw series
/// over a period, and its periodic patterns (<see cref="TimeSeriesAnalysis"/>: periods, hour-of-week profile, forecast).
/// The resource is resolved against the current cluster; every parameter is checked, and a bad one is a 400 naming it.
/// </summary>
public static class MetricsHandlers
{
    /// <summary>The most samples one request may ask for (series: the range over the granularity; patterns: the history analysed).</summary>
    public const int MaxPoints = 20_000;

    /// <summary>The history <c>/v1/metrics/series</c> returns when the request names no start.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    /// <summary>How far ahead <c>/v1/metrics/patterns</c> forecasts.</summary>
    public static readonly TimeSpan ForecastHorizon = TimeSpan.FromDays(7);

    private const int DefaultSeriesGranularity = 300;
    private const int DefaultPatternsDays = 28;
    private const int DefaultPatternsGranularity = 3600;

    /// <summary><c>GET /v1/metrics/series?resource=&amp;metric=&amp;start=&amp;end=&amp;granularity=</c>: the raw points, no aggregation.</summary>
    public static async Task<ApiResponse> Series(ApiRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var target = await ResolveAsync(r);
        var now = Now(r);
        var end = Time(r, "end") ?? now;
        var start = Time(r, "start") ?? end - DefaultRange;
        if (end <= start)
        {
            throw new ValidationException($"'end' ({Views.Time(end)}) must be after 'start' ({Views.Time(start)}).");
        }

        var granularity = Integer(r, "granularity", DefaultSeriesGranularity, 1, 86_400);
        var step = TimeSpan.FromSeconds(granularity);
        CheckPoints((end - start) / step, granularity);

        var series = await target.Source.QueryRangeAsync(new MetricRangeQuery(target.Metric, target.Kind, [target.Uuid], start, end, step), r.Http.RequestAborted);
        var points = series.FirstOrDefault(s => s.ResourceId == target.Uuid)?.Points ?? [];
        var view = new MetricSeriesView
        {
            ResourceUuid = target.Uuid,
            ResourceKind = KindName(target.Kind),
            ResourceName = target.Name,
            Metric = target.Metric,
            Unit = MetricNames.Units.GetValueOrDefault(target.Metric, string.Empty),
            Datasource = target.Source.Name,
            Start = Views.Time(start)!,
            End = Views.Time(end)!,
            Granularity = granularity,
            Points = [.. points.Where(p => double.IsFinite(p.Value)).Select(p => new MetricPointView { At = Views.Time(p.At)!, Value = p.Value })],
        };
        return ApiResponse.Ok(JsonSerializer.SerializeToNode(view, Views.ViewOptions)!);
    }

    /// <summary>
    /// <c>GET /v1/metrics/patterns?resource=&amp;metric=&amp;days=&amp;granularity=</c>: the last <c>days</c> (28) of history at
    /// <c>granularity</c> seconds (3600) on a regular grid, its periods, hour-of-week profile and a 7-day forecast.
    /// </summary>
    public static async Task<ApiResponse> Patterns(ApiRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var target = await ResolveAsync(r);
        var days = Integer(r, "days", DefaultPatternsDays, 1, 366);

        // The hour-of-week profile needs at least one sample an hour.
        var granularity = Integer(r, "granularity", DefaultPatternsGranularity, 60, 3600);
        var step = TimeSpan.FromSeconds(granularity);
        var count = (int)Math.Min(int.MaxValue, (long)days * 86_400 / granularity);
        CheckPoints(count, granularity);

        // The grid ends at the last whole step before now, so two calls in the same step analyse the same samples.
        var now = Now(r);
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % step.Ticks), TimeSpan.Zero);
        var start = end - (step * count);
        var series = await target.Source.QueryRangeAsync(new MetricRangeQuery(target.Metric, target.Kind, [target.Uuid], start, end - step, step), r.Http.RequestAborted);
        var points = series.FirstOrDefault(s => s.ResourceId == target.Uuid)?.Points ?? [];

        var grid = TimeSeriesAnalysis.Resample(points, start, step, count);
        var periods = TimeSeriesAnalysis.DetectPeriods(grid);
        var profile = TimeSeriesAnalysis.HourOfWeekProfile(grid);
        var forecast = TimeSeriesAnalysis.Forecast(grid, ForecastHorizon);
        var view = new MetricPatternsView
        {
            ResourceUuid = target.Uuid,
            ResourceKind = KindName(target.Kind),
            ResourceName = target.Name,
            Metric = target.Metric,
            Unit = MetricNames.Units.GetValueOrDefault(target.Metric, string.Empty),
            Datasource = target.Source.Name,
            Start = Views.Time(start)!,
            End = Views.Time(end)!,
            Granularity = granularity,
            Samples = grid.Values.Count(double.IsFinite),
            Periods = [.. periods.Select(p => new DetectedPeriodView { PeriodSeconds = p.Period.TotalSeconds, Strength = p.Strength })],
            HourOfWeek = [.. profile.Select(Views.Finite)],
            Forecast = new MetricForecastView
            {
                Start = Views.Time(forecast.Values.Start)!,
                StepSeconds = forecast.Values.Step.TotalSeconds,
                Values = [.. forecast.Values.Values.Select(Views.Finite)],
                Lower = [.. forecast.Lower.Select(Views.Finite)],
                Upper = [.. forecast.Upper.Select(Views.Finite)],
                ErrorEstimate = Views.Finite(forecast.ErrorEstimate),
            },
        };

        return ApiResponse.Ok(JsonSerializer.SerializeToNode(view, Views.ViewOptions)!);
    }

    /// <summary>
    /// The resource (a host by uuid or hostname, or an instance by uuid), the metric and the datasource: a missing
    /// parameter, an unknown metric, one of the other kind of resource or one the datasource lacks is a 400; an
    /// unknown resource a 404.
    /// </summary>
    private static async Task<Target> ResolveAsync(ApiRequest r)
    {
        var resource = Required(r, "resource", "a host uuid or hostname, or an instance uuid");
        var metric = Required(r, "metric", "a Watcher metric name such as host_cpu_usage");
        if (!MetricNames.All.Contains(metric, StringComparer.Ordinal))
        {
            throw new ValidationException($"Unknown metric '{metric}' (parameter 'metric'); Watcher's metrics are: {string.Join(", ", MetricNames.All)}.");
        }

        var services = r.Http.RequestServices;
        var source = services.GetService<IMetricsSource>() ?? throw new NotFoundException("Metrics datasource", "(none is configured)");
        if (!source.SupportedMetrics.Contains(metric, StringComparer.Ordinal))
        {
            throw new ValidationException($"The datasource '{source.Name}' does not serve metric '{metric}' (parameter 'metric'); it serves: {string.Join(", ", source.SupportedMetrics)}.");
        }

        var cluster = await services.GetRequiredService<ICloud>().GetClusterAsync(r.Http.RequestAborted);
        var host = cluster.FindNode(resource) ?? cluster.Hosts.FirstOrDefault(h => string.Equals(h.Hostname, resource, StringComparison.Ordinal));
        Target target = host is not null
            ? new(MetricResource.Host, host.Uuid, host.Hostname, metric, source)
            : cluster.FindInstance(resource) is { } instance
                ? new(MetricResource.Instance, instance.Uuid, instance.Name, metric, source)
                : throw new NotFoundException("Resource", $"{resource} (parameter 'resource': no host with that uuid or hostname and no instance with that uuid)");

        var metricKind = metric.StartsWith("host_", StringComparison.Ordinal) ? MetricResource.Host : MetricResource.Instance;
        if (metricKind != target.Kind)
        {
            throw new ValidationException($"Metric '{metric}' (parameter 'metric') describes {KindName(metricKind)}s, but resource '{resource}' is {(target.Kind == MetricResource.Host ? "a host" : "an instance")}.");
        }

        return target;
    }

    private static string Required(ApiRequest r, string name, string what)
    {
        var value = r.Query(name);
        return string.IsNullOrWhiteSpace(value) ? throw new ValidationException($"The query parameter '{name}' is required ({what}).") : value.Trim();
    }

    /// <summary>An ISO-8601 time; without an offset it is UTC. A '+' sent unencoded arrives as a space and is read back as '+'.</summary>
    private static DateTimeOffset? Time(ApiRequest r, string name)
    {
        var text = r.Query(name);
        if (text is null)
        {
            return null;
        }

        const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var t)
            || DateTimeOffset.TryParse(text.Trim().Replace(' ', '+'), CultureInfo.InvariantCulture, Styles, out t)
            ? t
            : throw new ValidationException($"The query parameter '{name}' must be an ISO-8601 time such as 2026-12-01T00:00:00Z; '{text}' is not.");
    }

    private static int Integer(ApiRequest r, string name, int fallback, int min, int max)
    {
        var text = r.Query(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ValidationException($"The query parameter '{name}' must be a whole number from {min} to {max}; '{text}' is not.");
    }

    private static void CheckPoints(double steps, int granularity)
    {
        if (Math.Floor(steps) + 1 > MaxPoints)
        {
            throw new ValidationException(
                $"The range holds {Math.Floor(steps) + 1:0} samples at a granularity of {granularity} s (parameter 'granularity'); at most {MaxPoints} are allowed: raise 'granularity' or shorten the range.");
        }
    }

    private static DateTimeOffset Now(ApiRequest r) => (r.Http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

    private static string KindName(MetricResource kind) => kind == MetricResource.Host ? "host" : "instance";

    private sealed record Target(MetricResource Kind, string Uuid, string Name, string Metric, IMetricsSource Source);
}
