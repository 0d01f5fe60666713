using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>Watcher v1's action plan resource (detail form; list items leave out the <see cref="DetailOnlyAttribute"/> members).</summary>
public sealed record ActionPlanView
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("audit_uuid")]
    public required string AuditUuid { get; init; }

    [JsonPropertyName("strategy_uuid")]
    public required string StrategyUuid { get; init; }

    [JsonPropertyName("strategy_name")]
    public required string StrategyName { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("efficacy_indicators")]
    public required IReadOnlyList<EfficacyIndicatorView> EfficacyIndicators { get; init; }

    [JsonPropertyName("global_efficacy")]
    public required IReadOnlyList<EfficacyIndicatorView> GlobalEfficacy { get; init; }

    [JsonPropertyName("updated_at")]
    public required string? UpdatedAt { get; init; }

    [JsonPropertyName("links")]
    public required IReadOnlyList<LinkView> Links { get; init; }

    [JsonPropertyName("return_of")]
    [Description("For a return plan (POST /v1/action_plans/{uuid}/return): the host_maintenance plan whose instances it moves back; otherwise null.")]
    public string? ReturnOf { get; init; }

    [JsonPropertyName("maintained_host")]
    [DetailOnly]
    [Description("For a host_maintenance plan: the node it takes out of service, where its return plan moves the instances back; otherwise null.")]
    public string? MaintainedHost { get; init; }

    [JsonPropertyName("hostname")]
    [DetailOnly]
    public required string? Hostname { get; init; }

    [JsonPropertyName("status_message")]
    [DetailOnly]
    [Description("Microversion 1.5.")]
    public required string? StatusMessage { get; init; }

    [JsonPropertyName("warnings")]
    [DetailOnly]
    public required IReadOnlyList<string> Warnings { get; init; }

    [JsonPropertyName("projected_profiles")]
    [DetailOnly]
    [Description("History-based strategies (periodic_contention_balance): each examined host's projected hour-of-week load before and after the plan; empty otherwise.")]
    public IReadOnlyList<ProjectedProfileView> ProjectedProfiles { get; init; } = [];

    [JsonPropertyName("compensation")]
    [DetailOnly]
    [Description("How compensation went when the plan failed, or null.")]
    public required ExecutionRecordView? Compensation { get; init; }

    [JsonPropertyName("rollback")]
    [DetailOnly]
    [Description("How the last rollback went, or null.")]
    public required ExecutionRecordView? Rollback { get; init; }

    [JsonPropertyName("next_run_at")]
    [DetailOnly]
    [Description("While the plan waits for its maintenance window or disruption budget: when it will next start an action; otherwise null.")]
    public string? NextRunAt { get; init; }

    [JsonPropertyName("execution_policy")]
    [DetailOnly]
    [Description("Microversion 1.7: how the plan executes: compensation policy, disruption budgets and maintenance window.")]
    public required ExecutionPolicyView ExecutionPolicy { get; init; }

    [JsonPropertyName("orchestration_url")]
    [DetailOnly]
    public required string OrchestrationUrl { get; init; }

    [JsonPropertyName("created_at")]
    [DetailOnly]
    public required string? CreatedAt { get; init; }

    [JsonPropertyName("deleted_at")]
    [DetailOnly]
    public string? DeletedAt { get; init; }
}
