namespace Watcher.Domain.Execution;

/// <summary>
/// How a plan executes and what it undoes: the compensation policy, disruption budgets and maintenance windows. Set on
/// an audit template or an audit and copied onto the plans they produce; every field is optional, and absent fields
/// mean "no limit" (compensation defaults to <see cref="CompensationPolicy.All"/>).
/// </summary>
public sealed record ExecutionPolicy
{
    /// <summary>The policy used when none is given.</summary>
    public static ExecutionPolicy Default { get; } = new();

    /// <summary>What to revert after an action fails for good.</summary>
    public CompensationPolicy Compensation { get; init; } = CompensationPolicy.All;

    /// <summary>At most this many migrations (instance or volume) run at once in the plan.</summary>
    public int? MaxConcurrentMigrations { get; init; }

    /// <summary>At most this many migrations run at once that touch any one host (as source or destination).</summary>
    public int? MaxConcurrentMigrationsPerHost { get; init; }

    /// <summary>At most this many actions start in any rolling hour.</summary>
    public int? MaxActionsPerHour { get; init; }

    /// <summary>When new actions may start; always when absent.</summary>
    public MaintenanceWindow? Window { get; init; }

    /// <summary>
    /// Asks for the quietest window instead of a fixed one; resolved into <see cref="Window"/> (and cleared) when the plan
    /// starts. Never set together with <see cref="Window"/> on a template or an audit.
    /// </summary>
    public QuietestWindowRequest? QuietestWindow { get; init; }
}
