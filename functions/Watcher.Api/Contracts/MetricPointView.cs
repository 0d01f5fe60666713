using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>One raw sample of a metric series, as the datasource returned it.</summary>
public sealed record MetricPointView
{
    [JsonPropertyName("at")]
    public required string At { get; init; }

    [JsonPropertyName("value")]
    public required double Value { get; init; }
}
