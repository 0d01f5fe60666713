using System.Globalization;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Model;

/// <summary>When a continuous audit runs next: its <c>interval</c> is seconds ("3600") or a 5-field cron expression.</summary>
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

        _ = CronExpression.Parse(interval);
    }

    public static DateTimeOffset Next(Audit audit, DateTimeOffset now)
    {
        var interval = audit.Interval ?? "3600";
        return int.TryParse(interval, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? now.AddSeconds(seconds)
            : CronExpression.Parse(interval).Next(now);
    }
}
