using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's action resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record ActionView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("action_plan_uuid")]
    public required string ActionPlanUuid { get; init; }

    [JsonPropertyName("action_type")]
    public required string ActionType { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("parents")]
    [Description("The uuids of the actions this one waits for.")]
    public required IReadOnlyList<string> Parents { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("input_parameters")]
    [DetailOnly]
    public required JsonObject InputParameters { get; init; }

    [JsonPropertyName("description")]
    [DetailOnly]
    public required string Description { get; init; }

    [JsonPropertyName("status_message")]
    [DetailOnly]
    [Description("Microversion 1.5.")]
    public required string? StatusMessage { get; init; }

    [JsonPropertyName("created_at")]
    [DetailOnly]
    public required string? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    [DetailOnly]
    public required string? UpdatedAt { get; init; }

    [JsonPropertyName("deleted_at")]
    [DetailOnly]
    public string? DeletedAt { get; init; }
}
