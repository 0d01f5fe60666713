using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The body of <c>POST /v1/audit_templates</c>; the handler maps it to the application's <c>AuditTemplateRequest</c>.</summary>
public sealed record CreateAuditTemplateRequest
{
    [JsonPropertyName("name")]
    [Description("The template's name, unique.")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    [Description("Free text.")]
    public string? Description { get; init; }

    [JsonPropertyName("goal")]
    [Description("The goal's uuid or name.")]
    public string? Goal { get; init; }

    [JsonPropertyName("strategy")]
    [Description("The strategy's uuid or name; it must serve the goal.")]
    public string? Strategy { get; init; }

    [JsonPropertyName("scope")]
    [Description("Watcher's audit scope: a list of compute/storage filters.")]
    public JsonArray? Scope { get; init; }

    [JsonPropertyName("default_parameters")]
    [Description("Microversion 1.7: strategy parameters audits created from the template start from; needs a strategy, validated against its schema.")]
    public JsonObject? DefaultParameters { get; init; }

    [JsonPropertyName("execution_policy")]
    [Description("Microversion 1.7: how plans of audits created from the template execute (compensation, budgets, window).")]
    public ExecutionPolicyRequest? ExecutionPolicy { get; init; }
}
