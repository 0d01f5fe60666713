using System.Globalization;
using Cronos;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Model;

/// <summary>
/// When a continuous audit runs next: its <c>interval</c> is seconds ("3600") or a cron expression, parsed by Cronos in UTC:
/// Watcher's five fields (minute hour day-of-month month day-of-week) or Azure Functions' six (seconds first).
/// </summary>
public static class ContinuousSchedule
{
    /// <summary>Checks an interval and throws <see cref="ValidationException"/> naming the problem.</summary>
    public static void Validate(string? interval)
    {
        if (string.IsNullOrWhiteSpace(interval))
        {
            throw new ValidationException("A CONTINUOUS audit needs an 'interval': seconds (e.g. \"3600\") or a cron expression (e.g. \"*/30 * * * *\").");
        }

        if (int.TryParse(interval, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 10)
            {
                throw new ValidationException($"interval must be at least 10 seconds, got {seconds}.");
            }

            return;
        }

        // Cron has no year field, so whether it ever fires does not depend on the date we start from.
        _ = NextOccurrence(ParseCron(interval), interval, DateTimeOffset.UnixEpoch);
    }

    /// <summary>The next run strictly after <paramref name="now"/>; an audit without an interval runs hourly.</summary>
    public static DateTimeOffset Next(Audit audit, DateTimeOffset now)
    {
        var interval = audit.Interval ?? "3600";
        return int.TryParse(interval, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? now.AddSeconds(seconds)
            : NextOccurrence(ParseCron(interval), interval, now);
    }

    private static CronExpression ParseCron(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new ValidationException(
                $"interval '{expression}' is neither a number of seconds nor a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first)."),
        };

        try
        {
            return CronExpression.Parse(expression, format);
        }
        catch (CronFormatException e)
        {
            var fieldNames = format == CronFormat.Standard ? "minute hour day-of-month month day-of-week" : "second minute hour day-of-month month day-of-week";
            throw new ValidationException($"interval '{expression}' is not a valid cron expression ({fieldNames}): {e.Message}");
        }
    }

    private static DateTimeOffset NextOccurrence(CronExpression cron, string expression, DateTimeOffset after) =>
        cron.GetNextOccurrence(after, TimeZoneInfo.Utc)
            ?? throw new ValidationException($"interval '{expression}' is a cron expression that never fires (no matching date).");
}
