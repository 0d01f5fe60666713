using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>
/// The <c>execution_policy</c> member of the audit template and audit bodies (microversion 1.7): how the plans they
/// produce execute. Every member is optional; absent budgets mean no limit.
/// </summary>
public sealed record ExecutionPolicyRequest
{
    [JsonPropertyName("compensation")]
    [Description("What a failed plan undoes: all (every succeeded action, the default), branch (the failed action's dependency chain) or none.")]
    public string? Compensation { get; init; }

    [JsonPropertyName("max_concurrent_migrations")]
    [Description("At most this many migrations run at once in the plan (at least 1).")]
    public int? MaxConcurrentMigrations { get; init; }

    [JsonPropertyName("max_concurrent_migrations_per_host")]
    [Description("At most this many migrations touching any one host run at once (at least 1).")]
    public int? MaxConcurrentMigrationsPerHost { get; init; }

    [JsonPropertyName("max_actions_per_hour")]
    [Description("At most this many actions start in any rolling hour (at least 1).")]
    public int? MaxActionsPerHour { get; init; }

    [JsonPropertyName("window")]
    [Description("When new actions may start: a maintenance window; always when absent.")]
    public MaintenanceWindowRequest? Window { get; init; }
}
