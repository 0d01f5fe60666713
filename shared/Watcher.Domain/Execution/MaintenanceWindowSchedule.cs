using Cronos;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Execution;

/// <summary>
/// When a <see cref="MaintenanceWindow"/> is open: each occurrence of its cron expression (Cronos, in its time zone, so
/// daylight-saving changes follow local time) opens a window that stays open for its duration; windows that touch or
/// overlap form one. Pure, so orchestrators ask it while replaying. Cronos answers "next occurrence" only, so "is it
/// open" looks for an occurrence in the last <see cref="MaintenanceWindow.DurationSeconds"/>.
/// </summary>
public sealed class MaintenanceWindowSchedule
{
    // A window chain longer than this is treated as never closing (e.g. "* * * * *" lasting 2 minutes).
    private const int MaxChainedWindows = 10_000;

    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _duration;

    /// <exception cref="ValidationException">The cron expression, the duration or the time zone is invalid.</exception>
    public MaintenanceWindowSchedule(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.DurationSeconds <= 0)
        {
            throw new ValidationException($"window duration_seconds must be positive, got {window.DurationSeconds}.");
        }

        _duration = TimeSpan.FromSeconds(window.DurationSeconds);
        _cron = Parse(window.Cron);
        _zone = Zone(window.TimeZone);
        if (_cron.GetNextOccurrence(DateTimeOffset.UnixEpoch, _zone) is null)
        {
            throw new ValidationException($"window cron '{window.Cron}' never fires (no matching date).");
        }
    }

    /// <summary>True when a window is open at <paramref name="now"/> (an occurrence in (now - duration, now]).</summary>
    public bool IsOpen(DateTimeOffset now) => LastOpening(now) is not null;

    /// <summary><paramref name="now"/> when a window is open, otherwise when the next one opens.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset now) =>
        IsOpen(now) ? now : _cron.GetNextOccurrence(now, _zone) ?? throw new InvalidOperationException("The window never opens again.");

    /// <summary>
    /// When the window open at <paramref name="now"/> closes (following windows that open before it closes), or null
    /// when none is open.
    /// </summary>
    public DateTimeOffset? ClosesAt(DateTimeOffset now)
    {
        if (LastOpening(now) is not { } opened)
        {
            return null;
        }

        var closes = opened + _duration;
        for (var i = 0; i < MaxChainedWindows && _cron.GetNextOccurrence(opened, _zone) is { } next && next <= closes; i++)
        {
            opened = next;
            closes = next + _duration;
        }

        return closes;
    }

    private DateTimeOffset? LastOpening(DateTimeOffset now) =>
        _cron.GetOccurrences(now - _duration, now, _zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();

    private static CronExpression Parse(string expression)
    {
        var format = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new ValidationException($"window cron '{expression}' must have 5 fields (minute hour day month weekday) or 6 (seconds first)."),
        };
        try
        {
            return CronExpression.Parse(expression, format);
        }
        catch (CronFormatException e)
        {
            throw new ValidationException($"window cron '{expression}' is not a valid cron expression: {e.Message}");
        }
    }

    private static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ValidationException($"window time_zone '{id}' is not a known IANA or Windows time zone.");
        }
        catch (InvalidTimeZoneException)
        {
            throw new ValidationException($"window time_zone '{id}' is not a valid time zone.");
        }
    }
}
