using System.Text.Json.Nodes;
using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Model;

/// <summary>A request to evaluate the cluster against a goal with a strategy, once or repeatedly.</summary>
public sealed record Audit
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public AuditType AuditType { get; init; } = AuditType.Oneshot;
    public AuditState State { get; init; } = AuditState.Pending;
    public required string GoalUuid { get; init; }
    public required string GoalName { get; init; }
    public required string StrategyUuid { get; init; }
    public required string StrategyName { get; init; }
    public string? AuditTemplateUuid { get; init; }
    public JsonObject Parameters { get; init; } = [];
    public JsonArray Scope { get; init; } = [];

    /// <summary>For continuous audits: seconds between runs, as Watcher's <c>interval</c> (a cron expression is also accepted).</summary>
    public string? Interval { get; init; }
    public bool AutoTrigger { get; init; }
    public bool Force { get; init; }
    public DateTimeOffset? NextRunTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? Hostname { get; init; }
    public string? StatusMessage { get; init; }
    public int RunCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
