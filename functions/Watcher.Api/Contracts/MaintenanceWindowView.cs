using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>An execution policy's maintenance window: opens at each cron occurrence, in its time zone, for a duration; a quietest-window request has no cron until the plan starts, then the chosen one and why.</summary>
public sealed record MaintenanceWindowView
{
    [JsonPropertyName("cron")]
    public required string? Cron { get; init; }

    [JsonPropertyName("duration_seconds")]
    public required int DurationSeconds { get; init; }

    [JsonPropertyName("time_zone")]
    public required string? TimeZone { get; init; }

    [JsonPropertyName("quietest")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Quietest { get; init; }

    [JsonPropertyName("chosen_from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChosenFrom { get; init; }
}
