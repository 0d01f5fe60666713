using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's goal resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record GoalView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("display_name")]
    public required string DisplayName { get; init; }

    [JsonPropertyName("efficacy_specification")]
    public required IReadOnlyList<EfficacySpecView> EfficacySpecification { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("created_at")]
    [DetailOnly]
    public required string? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    [DetailOnly]
    public string? UpdatedAt { get; init; }

    [JsonPropertyName("deleted_at")]
    [DetailOnly]
    public string? DeletedAt { get; init; }
}
