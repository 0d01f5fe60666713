namespace Watcher.Domain.Execution;

/// <summary>
/// "Run in the quietest window": when the plan starts, the service picks the hour of week whose window of
/// <see cref="DurationSeconds"/> has the lowest forecast load on the hosts and instances the plan touches
/// (<see cref="QuietWindowPicker"/>), and stores it as the plan's cron <see cref="MaintenanceWindow"/>. The API spells
/// it <c>"window": {"quietest": true, "duration_seconds": 7200}</c>; it cannot be combined with a cron window.
/// </summary>
public sealed record QuietestWindowRequest
{
    /// <summary>The longest window that can be asked for: one week.</summary>
    public const int MaxDurationSeconds = 7 * 24 * 3600;

    /// <summary>How long the window stays open, in seconds (1 to one week).</summary>
    public required int DurationSeconds { get; init; }
}
