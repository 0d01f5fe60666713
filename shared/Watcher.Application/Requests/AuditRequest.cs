using System.Text.Json.Nodes;
using Watcher.Domain.Model;

namespace Watcher.Application.Requests;

/// <summary>A validated-shape request to create an audit (Watcher's POST /v1/audits body).</summary>
public sealed record AuditRequest
{
    public AuditType AuditType { get; init; } = AuditType.Oneshot;
    public string? Name { get; init; }
    public string? Goal { get; init; }
    public string? Strategy { get; init; }
    public string? AuditTemplateUuid { get; init; }
    public JsonObject? Parameters { get; init; }
    public string? Interval { get; init; }
    public bool AutoTrigger { get; init; }

    /// <summary>How the audit's plans execute; overrides the template's policy as a whole.</summary>
    public Watcher.Domain.Execution.ExecutionPolicy? ExecutionPolicy { get; init; }
    public bool Force { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}
