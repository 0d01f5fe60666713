namespace Watcher.Domain.Execution;

/// <summary>
/// When a plan may start new actions: windows that open at each occurrence of <see cref="Cron"/> (5-field cron, or
/// 6-field with seconds, as Cronos reads it) and stay open for <see cref="DurationSeconds"/>, in <see cref="TimeZone"/>
/// (an IANA or Windows id; UTC when absent).
/// </summary>
public sealed record MaintenanceWindow
{
    /// <summary>When each window opens.</summary>
    public required string Cron { get; init; }

    /// <summary>How long each window stays open, in seconds.</summary>
    public required int DurationSeconds { get; init; }

    /// <summary>The time zone the cron expression is read in; UTC when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Why this window: set when the service picked it as the quietest window at plan start (the history it was chosen from, or the fallback rule); null for a window given as is.</summary>
    public string? ChosenFrom { get; init; }
}
