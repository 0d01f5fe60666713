using Watcher.Api.Contracts;
using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: metric history of hosts and instances from the selected datasource, and its periodic patterns. Adding a route of this resource touches only this list.</summary>
public static class MetricsRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GetMetricSeries", "GET", "v1/metrics/series", MetricsHandlers.Series) { Summary = "The raw series of a host's or instance's metric over a period (no aggregation), from the selected datasource.", Query = ["resource", "metric", "start", "end", "granularity"], ResponseType = typeof(MetricSeriesView) },
        new("GetMetricPatterns", "GET", "v1/metrics/patterns", MetricsHandlers.Patterns) { Summary = "The periodic patterns of a host's or instance's metric: the periods detected and their strength, the hour-of-week profile and a 7-day forecast.", Query = ["resource", "metric", "days", "granularity"], ResponseType = typeof(MetricPatternsView) },
    ];
}
