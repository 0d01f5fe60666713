using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The periodic patterns of one metric of one host or instance (<c>GET /v1/metrics/patterns</c>): the periods detected, the hour-of-week profile and a forecast.</summary>
public sealed record MetricPatternsView
{
    [JsonPropertyName("resource_uuid")]
    public required string ResourceUuid { get; init; }

    [JsonPropertyName("resource_kind")]
    [Description("host or instance.")]
    public required string ResourceKind { get; init; }

    [JsonPropertyName("resource_name")]
    public required string ResourceName { get; init; }

    [JsonPropertyName("metric")]
    public required string Metric { get; init; }

    [JsonPropertyName("unit")]
    public required string Unit { get; init; }

    [JsonPropertyName("datasource")]
    public required string Datasource { get; init; }

    [JsonPropertyName("start")]
    [Description("The start of the history analysed.")]
    public required string Start { get; init; }

    [JsonPropertyName("end")]
    [Description("The end of the history analysed.")]
    public required string End { get; init; }

    [JsonPropertyName("granularity")]
    [Description("Seconds between the samples analysed.")]
    public required int Granularity { get; init; }

    [JsonPropertyName("samples")]
    [Description("How many samples of the analysed grid had data.")]
    public required int Samples { get; init; }

    [JsonPropertyName("periods")]
    [Description("The periods detected, strongest first.")]
    public required IReadOnlyList<DetectedPeriodView> Periods { get; init; }

    [JsonPropertyName("hour_of_week")]
    [Description("168 mean values, index 0 = Monday 00:00–01:00 UTC; null for an hour without samples.")]
    public required IReadOnlyList<double?> HourOfWeek { get; init; }

    [JsonPropertyName("forecast")]
    [Description("The next 7 days at the analysed granularity.")]
    public required MetricForecastView Forecast { get; init; }
}
