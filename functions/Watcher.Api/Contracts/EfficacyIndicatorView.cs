using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>One efficacy indicator of an action plan.</summary>
public sealed record EfficacyIndicatorView
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("unit")]
    public required string? Unit { get; init; }

    [JsonPropertyName("value")]
    public required double Value { get; init; }
}
