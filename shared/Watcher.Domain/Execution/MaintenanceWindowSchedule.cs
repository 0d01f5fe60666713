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

    /// <exception cref="ValidationException">The cron expression, the duration or the time zone is invalid (as <see cref="ExecutionPolicyValidator"/> says).</exception>
    public MaintenanceWindowSchedule(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var problems = ExecutionPolicyValidator.WindowProblems(window);
        if (problems.Count > 0)
        {
            throw new ValidationException($"Invalid execution_policy: {string.Join("; ", problems)}.");
        }

        _duration = TimeSpan.FromSeconds(window.DurationSeconds);
        _zone = ExecutionPolicyValidator.FindZone(window.TimeZone)!;
        _cron = CronExpression.Parse(window.Cron, ExecutionPolicyValidator.FormatOf(window.Cron)!.Value);
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
}
