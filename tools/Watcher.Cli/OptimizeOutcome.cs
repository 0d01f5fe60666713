using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Cli;

/// <summary>What one <c>optimize</c> produced: the strategy's (first run's) result, the planned graph, the solve times and any plan violations.</summary>
public sealed record OptimizeOutcome(
    IStrategy Strategy,
    string PlannerName,
    StrategyResult Result,
    IReadOnlyList<PlannedAction> Plan,
    SolveTiming Timing,
    IReadOnlyList<string> Violations)
{
    /// <summary>The first (cold) run's solve time in milliseconds.</summary>
    public double SolveMs => Timing.ColdMs;
}
