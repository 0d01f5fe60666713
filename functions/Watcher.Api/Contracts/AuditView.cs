using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's audit resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record AuditView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("audit_type")]
    [Description("ONESHOT, CONTINUOUS or EVENT.")]
    public required string AuditType { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("goal_uuid")]
    public required string GoalUuid { get; init; }

    [JsonPropertyName("goal_name")]
    public required string GoalName { get; init; }

    [JsonPropertyName("strategy_uuid")]
    public required string StrategyUuid { get; init; }

    [JsonPropertyName("strategy_name")]
    public required string StrategyName { get; init; }

    [JsonPropertyName("interval")]
    public required string? Interval { get; init; }

    [JsonPropertyName("scope")]
    public required JsonArray Scope { get; init; }

    [JsonPropertyName("auto_trigger")]
    public required bool AutoTrigger { get; init; }

    [JsonPropertyName("next_run_time")]
    public required string? NextRunTime { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("parameters")]
    [DetailOnly]
    public required JsonObject Parameters { get; init; }

    [JsonPropertyName("hostname")]
    [DetailOnly]
    public required string? Hostname { get; init; }

    [JsonPropertyName("start_time")]
    [DetailOnly]
    [Description("Microversion 1.1.")]
    public required string? StartTime { get; init; }

    [JsonPropertyName("end_time")]
    [DetailOnly]
    [Description("Microversion 1.1.")]
    public required string? EndTime { get; init; }

    [JsonPropertyName("force")]
    [DetailOnly]
    [Description("Microversion 1.2.")]
    public required bool Force { get; init; }

    [JsonPropertyName("status_message")]
    [DetailOnly]
    [Description("Microversion 1.5.")]
    public required string? StatusMessage { get; init; }

    [JsonPropertyName("audit_template_uuid")]
    [DetailOnly]
    public required string? AuditTemplateUuid { get; init; }

    [JsonPropertyName("execution_policy")]
    [DetailOnly]
    [Description("Microversion 1.7: how the audit's plans execute (its own, or its template's), or null.")]
    public required ExecutionPolicyView? ExecutionPolicy { get; init; }

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
