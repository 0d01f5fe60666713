using System.Globalization;

namespace Watcher.Domain.Execution;

/// <summary>
/// The window <see cref="QuietWindowPicker"/> chose: it opens at <see cref="StartHourOfWeek"/> (0 = Monday 00:00 UTC)
/// and lasts <see cref="DurationSeconds"/>; <see cref="Load"/> is the combined load per hour over the window (NaN for the
/// fallback), <see cref="BusiestLoad"/> the same for the busiest window of that length, for comparison.
/// </summary>
public sealed record QuietWindowChoice(int StartHourOfWeek, int DurationSeconds, double Load, double BusiestLoad)
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Whether this is the fallback rule's window (no usable history), not one picked from load.</summary>
    public bool IsFallback => double.IsNaN(Load);

    /// <summary>A 5-field cron expression (UTC) firing once a week at the window's start: <c>0 H * * D</c> (D: 0 = Sunday … 6 = Saturday).</summary>
    public string Cron => string.Create(CultureInfo.InvariantCulture, $"0 {StartHourOfWeek % 24} * * {((StartHourOfWeek / 24) + 1) % 7}");

    /// <summary>The start as people read it: <c>Tue 03:00 UTC</c>.</summary>
    public string Start => string.Create(CultureInfo.InvariantCulture, $"{Days[StartHourOfWeek / 24]} {StartHourOfWeek % 24:00}:00 UTC");

    /// <summary>The plan's maintenance window: weekly at the chosen start, UTC, with the reason in <see cref="MaintenanceWindow.ChosenFrom"/>.</summary>
    public MaintenanceWindow ToMaintenanceWindow(string chosenFrom) =>
        new() { Cron = Cron, DurationSeconds = DurationSeconds, TimeZone = "UTC", ChosenFrom = chosenFrom };
}
