using Watcher.Api.Contracts;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;

namespace Watcher.Api;

/// <summary>
/// Maps <c>execution_policy</c> between the API's records and the domain's <see cref="ExecutionPolicy"/>. The shape
/// (unknown members, types) is checked by the strict binding, the values by <see cref="ExecutionPolicyValidator"/>
/// in the application services; what is checked here is only what the domain type cannot hold (an unknown compensation
/// name, a window without its required members).
/// </summary>
public static class ExecutionPolicies
{
    /// <summary>The domain policy of a request member, or null when absent.</summary>
    /// <exception cref="ValidationException">The compensation name is unknown, the window lacks cron or duration_seconds, or combines quietest with cron or time_zone.</exception>
    public static ExecutionPolicy? FromRequest(ExecutionPolicyRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        var compensation = request.Compensation switch
        {
            null or "all" => CompensationPolicy.All,
            "branch" => CompensationPolicy.Branch,
            "none" => CompensationPolicy.None,
            var other => throw new ValidationException($"'execution_policy.compensation' must be all, branch or none, not '{other}'."),
        };
        MaintenanceWindow? window = null;
        QuietestWindowRequest? quietest = null;
        if (request.Window is { Quietest: true } q)
        {
            if (q.Cron is not null || q.TimeZone is not null)
            {
                throw new ValidationException($"'execution_policy.window.{(q.Cron is not null ? "cron" : "time_zone")}' cannot be combined with 'execution_policy.window.quietest': give a cron window or ask for the quietest one (picked in UTC), not both.");
            }

            quietest = new QuietestWindowRequest
            {
                DurationSeconds = q.DurationSeconds ?? throw new ValidationException("'execution_policy.window.duration_seconds' is required: how long the quietest window stays open."),
            };
        }
        else if (request.Window is { } w)
        {
            window = new MaintenanceWindow
            {
                Cron = w.Cron ?? throw new ValidationException("'execution_policy.window.cron' is required: when each window opens, as a cron expression."),
                DurationSeconds = w.DurationSeconds ?? throw new ValidationException("'execution_policy.window.duration_seconds' is required: how long each window stays open."),
                TimeZone = w.TimeZone,
            };
        }

        return new ExecutionPolicy
        {
            Compensation = compensation,
            MaxConcurrentMigrations = request.MaxConcurrentMigrations,
            MaxConcurrentMigrationsPerHost = request.MaxConcurrentMigrationsPerHost,
            MaxActionsPerHour = request.MaxActionsPerHour,
            Window = window,
            QuietestWindow = quietest,
        };
    }

    /// <summary>The response view of <paramref name="policy"/>, or null.</summary>
    public static ExecutionPolicyView? View(ExecutionPolicy? policy) => policy is null ? null : new()
    {
        Compensation = Name(policy.Compensation),
        MaxConcurrentMigrations = policy.MaxConcurrentMigrations,
        MaxConcurrentMigrationsPerHost = policy.MaxConcurrentMigrationsPerHost,
        MaxActionsPerHour = policy.MaxActionsPerHour,
        Window = policy.Window is { } w
            ? new MaintenanceWindowView { Cron = w.Cron, DurationSeconds = w.DurationSeconds, TimeZone = w.TimeZone, Quietest = w.ChosenFrom is null ? null : true, ChosenFrom = w.ChosenFrom }
            : policy.QuietestWindow is { } q ? new MaintenanceWindowView { Cron = null, DurationSeconds = q.DurationSeconds, TimeZone = null, Quietest = true } : null,
    };

    private static string Name(CompensationPolicy policy) => policy switch
    {
        CompensationPolicy.Branch => "branch",
        CompensationPolicy.None => "none",
        _ => "all",
    };
}
