using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The raw series of one metric of one host or instance over a period (<c>GET /v1/metrics/series</c>): no aggregation, oldest sample first.</summary>
public sealed record MetricSeriesView
{
    [JsonPropertyName("resource_uuid")]
    public required string ResourceUuid { get; init; }

    [JsonPropertyName("resource_kind")]
    [Description("host or instance.")]
    public required string ResourceKind { get; init; }

    [JsonPropertyName("resource_name")]
    [Description("The host's hostname or the instance's name.")]
    public required string ResourceName { get; init; }

    [JsonPropertyName("metric")]
    public required string Metric { get; init; }

    [JsonPropertyName("unit")]
    public required string Unit { get; init; }

    [JsonPropertyName("datasource")]
    [Description("The metrics source that answered (simulator, prometheus, azure_monitor, ...).")]
    public required string Datasource { get; init; }

    [JsonPropertyName("start")]
    public required string Start { get; init; }

    [JsonPropertyName("end")]
    public required string End { get; init; }

    [JsonPropertyName("granularity")]
    [Description("Seconds between samples the datasource was asked for.")]
    public required int Granularity { get; init; }

    [JsonPropertyName("points")]
    [Description("The samples; empty when the datasource has no data for the resource in the period.")]
    public required IReadOnlyList<MetricPointView> Points { get; init; }
}
