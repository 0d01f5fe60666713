using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>How a template's, audit's or plan's executions run: compensation policy, disruption budgets and maintenance window (microversion 1.7).</summary>
public sealed record ExecutionPolicyView
{
    [JsonPropertyName("compensation")]
    public required string Compensation { get; init; }

    [JsonPropertyName("max_concurrent_migrations")]
    public required int? MaxConcurrentMigrations { get; init; }

    [JsonPropertyName("max_concurrent_migrations_per_host")]
    public required int? MaxConcurrentMigrationsPerHost { get; init; }

    [JsonPropertyName("max_actions_per_hour")]
    public required int? MaxActionsPerHour { get; init; }

    [JsonPropertyName("window")]
    public required MaintenanceWindowView? Window { get; init; }
}
