using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's audit template resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record AuditTemplateView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("goal_uuid")]
    public required string GoalUuid { get; init; }

    [JsonPropertyName("goal_name")]
    public required string GoalName { get; init; }

    [JsonPropertyName("strategy_uuid")]
    public required string? StrategyUuid { get; init; }

    [JsonPropertyName("strategy_name")]
    public required string? StrategyName { get; init; }

    [JsonPropertyName("scope")]
    [Description("Watcher's audit scope.")]
    public required JsonArray Scope { get; init; }

    [JsonPropertyName("default_parameters")]
    [Description("Microversion 1.7: the strategy parameters audits created from the template start from.")]
    public required JsonObject? DefaultParameters { get; init; }

    [JsonPropertyName("execution_policy")]
    [DetailOnly]
    [Description("Microversion 1.7: how plans of audits created from the template execute, or null.")]
    public required ExecutionPolicyView? ExecutionPolicy { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("description")]
    [DetailOnly]
    public required string? Description { get; init; }

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
