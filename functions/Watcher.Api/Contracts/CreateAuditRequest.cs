using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The body of <c>POST /v1/audits</c>, as Watcher takes it; the handler maps it to the application's <c>AuditRequest</c>.</summary>
public sealed record CreateAuditRequest
{
    [JsonPropertyName("audit_type")]
    [Required]
    [Description("ONESHOT, CONTINUOUS or EVENT.")]
    public string? AuditType { get; init; }

    [JsonPropertyName("name")]
    [Description("The audit's name; generated from the goal when absent.")]
    public string? Name { get; init; }

    [JsonPropertyName("goal")]
    [Description("The goal's uuid or name (or give audit_template_uuid).")]
    public string? Goal { get; init; }

    [JsonPropertyName("strategy")]
    [Description("The strategy's uuid or name; one serving the goal is picked when absent.")]
    public string? Strategy { get; init; }

    [JsonPropertyName("audit_template_uuid")]
    [Description("The audit template to take goal, strategy and scope from (instead of goal).")]
    public string? AuditTemplateUuid { get; init; }

    [JsonPropertyName("parameters")]
    [Description("The strategy's parameters, checked against its parameters_spec.")]
    public JsonObject? Parameters { get; init; }

    [JsonPropertyName("interval")]
    [JsonConverter(typeof(StringOrNumberConverter))]
    [Description("For CONTINUOUS audits: seconds between runs, or a cron expression.")]
    public string? Interval { get; init; }

    [JsonPropertyName("auto_trigger")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    [Description("Start the resulting action plan without asking.")]
    public bool? AutoTrigger { get; init; }

    [JsonPropertyName("execution_policy")]
    [Description("Microversion 1.7: how the audit's plans execute (compensation, budgets, window); replaces the template's policy as a whole.")]
    public ExecutionPolicyRequest? ExecutionPolicy { get; init; }

    [JsonPropertyName("force")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    [Description("Run even while another audit has the same scope (microversion 1.2).")]
    public bool? Force { get; init; }

    [JsonPropertyName("start_time")]
    [Description("ISO 8601 time before which a CONTINUOUS audit does not run (microversion 1.1).")]
    public string? StartTime { get; init; }

    [JsonPropertyName("end_time")]
    [Description("ISO 8601 time after which a CONTINUOUS audit stops (microversion 1.1).")]
    public string? EndTime { get; init; }
}
