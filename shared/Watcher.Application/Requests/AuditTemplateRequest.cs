using System.Text.Json.Nodes;

namespace Watcher.Application.Requests;

/// <summary>A request to create an audit template (Watcher's POST /v1/audit_templates body).</summary>
public sealed record AuditTemplateRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Goal { get; init; }
    public string? Strategy { get; init; }
    public JsonArray? Scope { get; init; }

    /// <summary>Default strategy parameters for audits created from the template; needs a strategy, validated against its schema.</summary>
    public JsonObject? DefaultParameters { get; init; }

    /// <summary>How plans of audits created from the template execute.</summary>
    public Watcher.Domain.Execution.ExecutionPolicy? ExecutionPolicy { get; init; }
}
