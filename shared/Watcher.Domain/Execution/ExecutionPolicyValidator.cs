using Cronos;
using Watcher.Domain.Errors;

namespace Watcher.Domain.Execution;

/// <summary>
/// Checks an <see cref="ExecutionPolicy"/> before it is stored on a template or an audit: budgets at least 1, a
/// window whose cron Cronos parses and that fires at some date, a positive duration, and a time zone this machine knows;
/// a quietest-window request with a duration of at most a week and no cron window beside it.
/// Messages name the field as the API spells it (<c>execution_policy.window.cron</c>).
/// </summary>
public static class ExecutionPolicyValidator
{
    /// <summary>Throws <see cref="ValidationException"/> naming every problem of <paramref name="policy"/>; a null policy is valid.</summary>
    public static void Validate(ExecutionPolicy? policy)
    {
        var problems = Problems(policy);
        if (problems.Count > 0)
        {
            throw new ValidationException($"Invalid execution_policy: {string.Join("; ", problems)}.");
        }
    }

    /// <summary>Every problem of <paramref name="policy"/>, each naming its field; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(ExecutionPolicy? policy)
    {
        var problems = new List<string>();
        if (policy is null)
        {
            return problems;
        }

        if (!Enum.IsDefined(policy.Compensation))
        {
            problems.Add("'execution_policy.compensation' must be all, branch or none");
        }

        AtLeastOne(problems, "max_concurrent_migrations", policy.MaxConcurrentMigrations);
        AtLeastOne(problems, "max_concurrent_migrations_per_host", policy.MaxConcurrentMigrationsPerHost);
        AtLeastOne(problems, "max_actions_per_hour", policy.MaxActionsPerHour);
        if (policy.Window is { } window)
        {
            problems.AddRange(WindowProblems(window));
        }

        if (policy.QuietestWindow is { } quietest)
        {
            if (policy.Window is not null)
            {
                problems.Add("'execution_policy.window.cron' cannot be combined with 'execution_policy.window.quietest': give a cron window or ask for the quietest one, not both");
            }

            if (quietest.DurationSeconds is < 1 or > QuietestWindowRequest.MaxDurationSeconds)
            {
                problems.Add($"'execution_policy.window.duration_seconds' must be between 1 and {QuietestWindowRequest.MaxDurationSeconds} (one week) for the quietest window, got {quietest.DurationSeconds}");
            }
        }

        return problems;
    }

    /// <summary>Every problem of <paramref name="window"/>, each naming its field; empty when valid. <see cref="MaintenanceWindowSchedule"/> checks the same.</summary>
    internal static IReadOnlyList<string> WindowProblems(MaintenanceWindow window)
    {
        var problems = new List<string>();
        if (window.DurationSeconds < 1)
        {
            problems.Add($"'execution_policy.window.duration_seconds' must be at least 1, got {window.DurationSeconds}");
        }

        var zone = FindZone(window.TimeZone);
        if (zone is null)
        {
            problems.Add($"'execution_policy.window.time_zone' '{window.TimeZone}' is not a known time zone (an IANA id such as Europe/Paris, or UTC)");
        }

        if (CronProblem(window.Cron, zone ?? TimeZoneInfo.Utc) is { } cron)
        {
            problems.Add(cron);
        }

        return problems;
    }

    /// <summary>The time zone a window is read in: UTC when absent, null when unknown.</summary>
    internal static TimeZoneInfo? FindZone(string? id)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Cronos' format for a cron expression by its field count (5, or 6 with seconds first), or null for any other count.</summary>
    internal static CronFormat? FormatOf(string expression) => expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length switch
    {
        5 => CronFormat.Standard,
        6 => CronFormat.IncludeSeconds,
        _ => null,
    };

    private static string? CronProblem(string? expression, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "'execution_policy.window.cron' is required: when each window opens, as a cron expression";
        }

        var format = FormatOf(expression);
        if (format is null)
        {
            return $"'execution_policy.window.cron' '{expression}' must have 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first)";
        }

        try
        {
            // Cron has no year field, so whether it ever fires does not depend on the date we start from.
            return CronExpression.Parse(expression, format.Value).GetNextOccurrence(DateTimeOffset.UnixEpoch, zone) is null
                ? $"'execution_policy.window.cron' '{expression}' never fires (no date matches it)"
                : null;
        }
        catch (CronFormatException ex)
        {
            return $"'execution_policy.window.cron' '{expression}' is not a valid cron expression: {ex.Message}";
        }
    }

    private static void AtLeastOne(List<string> problems, string field, int? value)
    {
        if (value is < 1)
        {
            problems.Add($"'execution_policy.{field}' must be at least 1, got {value}");
        }
    }
}
