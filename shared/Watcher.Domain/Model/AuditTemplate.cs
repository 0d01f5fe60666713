using System.Text.Json.Nodes;
using Watcher.Domain.Execution;

namespace Watcher.Domain.Model;

/// <summary>A saved goal, optional strategy and scope that audits can be created from.</summary>
public sealed record AuditTemplate
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string GoalUuid { get; init; }
    public required string GoalName { get; init; }
    public string? StrategyUuid { get; init; }
    public string? StrategyName { get; init; }
    public JsonArray Scope { get; init; } = [];

    /// <summary>Strategy parameters audits created from this template start from (their own parameters override them key by key).</summary>
    public JsonObject? DefaultParameters { get; init; }

    /// <summary>How plans of audits created from this template execute (compensation, budgets, window); null for the defaults.</summary>
    public ExecutionPolicy? ExecutionPolicy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Set when the template is deleted (soft delete, as Watcher).</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}
