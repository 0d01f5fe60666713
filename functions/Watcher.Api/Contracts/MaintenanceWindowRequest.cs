using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Watcher.Api.Contracts;

/// <summary>The <c>execution_policy.window</c> member: windows open at each occurrence of a cron expression and stay open for a duration; or, with <c>quietest</c>, the service picks the weekly window at plan start.</summary>
public sealed record MaintenanceWindowRequest
{
    [JsonPropertyName("cron")]
    [Description("When each window opens: a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first). Not with quietest.")]
    public string? Cron { get; init; }

    [JsonPropertyName("duration_seconds")]
    [Description("How long each window stays open, in seconds (at least 1).")]
    public int? DurationSeconds { get; init; }

    [JsonPropertyName("time_zone")]
    [Description("The time zone the cron expression is read in (an IANA id such as Europe/Paris); UTC when absent.")]
    public string? TimeZone { get; init; }

    [JsonPropertyName("quietest")]
    [Description("true: run in the quietest window. At plan start the service picks the weekly start hour (UTC) whose window of duration_seconds has the lowest forecast CPU load on the hosts and instances the plan touches (docs/time-series.md); cannot be combined with cron or time_zone.")]
    public bool? Quietest { get; init; }
}
