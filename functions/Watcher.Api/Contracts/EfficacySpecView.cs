using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>One entry of a goal's <c>efficacy_specification</c>: an indicator the goal promises.</summary>
public sealed record EfficacySpecView
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("unit")]
    public required string? Unit { get; init; }

    [JsonPropertyName("schema")]
    public required string Schema { get; init; }
}
