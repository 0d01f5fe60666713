using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Cli;

/// <summary>What one <c>optimize</c> run produced: the strategy's result, the planned graph, the solve time and any plan violations.</summary>
public sealed record OptimizeOutcome(
    IStrategy Strategy,
    string PlannerName,
    StrategyResult Result,
    IReadOnlyList<PlannedAction> Plan,
    double SolveMs,
    IReadOnlyList<string> Violations);
