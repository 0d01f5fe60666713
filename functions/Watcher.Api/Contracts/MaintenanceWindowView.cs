using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>An execution policy's maintenance window: opens at each cron occurrence, in its time zone, for a duration.</summary>
public sealed record MaintenanceWindowView
{
    [JsonPropertyName("cron")]
    public required string Cron { get; init; }

    [JsonPropertyName("duration_seconds")]
    public required int DurationSeconds { get; init; }

    [JsonPropertyName("time_zone")]
    public required string? TimeZone { get; init; }
}
