using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Optimization.Consolidation;

/// <summary>
/// Chooses how to solve: the warm start always (the domain kernel's <see cref="FirstFitDecreasing"/> drain, which is
/// also the fallback); then one exact CP-SAT model when the scope has at most <c>max_hosts_for_exact</c> hosts (and
/// the model stays small), otherwise large-neighbourhood search. The budget bounds the search (the bound and the warm
/// start always run first); whatever is best when it runs out is returned.
/// </summary>
internal static class ConsolidationSolver
{
    public const int Seed = 20240611;
    public const long MaxExactVariables = 20_000;
    private const double MinSolveSeconds = 0.02;

    /// <summary>The warm start and fallback: the domain kernel's first-fit-decreasing drain of the audit scope, as a packing.</summary>
    public static Packing WarmStart(ConsolidationProblem problem, StrategyContext context)
    {
        var drain = FirstFitDecreasing.Consolidate(context.Cluster, context.Scope);
        var packing = new Packing(problem);
        foreach (var move in drain.Migrations)
        {
            // A parked instance appears twice; the last move is where it ends.
            packing.Move(problem.InstanceIndex(move.Instance.Uuid), problem.HostIndex(move.Destination.Uuid));
        }

        return packing;
    }

    public static SolveOutcome Solve(ConsolidationProblem problem, Packing heuristic, SearchBudget budget, int workers, int maxHostsForExact)
    {
        var lowerBound = LowerBound.ActiveHosts(problem);
        if (problem.MovableCount == 0 || (heuristic.Migrations == 0 && heuristic.ActiveCount <= lowerBound))
        {
            return new SolveOutcome(heuristic, Math.Min(lowerBound, heuristic.ActiveCount), "trivial", true, false, 0, 0);
        }

        var exact = problem.HostCount <= maxHostsForExact && VariableCount(problem) <= MaxExactVariables;
        if (budget.Remaining <= MinSolveSeconds)
        {
            return new SolveOutcome(heuristic, lowerBound, exact ? "exact" : "decomposition", false, true, 0, 0);
        }

        if (exact)
        {
            var all = Enumerable.Range(0, problem.HostCount).ToList();
            var result = CpSatPacker.Solve(problem, heuristic, all, budget.Remaining * 0.85, workers, Seed);
            if (result.Assignment is null)
            {
                return new SolveOutcome(heuristic, lowerBound, "exact", false, true, 1, result.WallSeconds);
            }

            var packing = new Packing(problem);
            foreach (var (m, h) in result.Assignment)
            {
                if (packing.HostOf(m) != h)
                {
                    packing.Move(m, h);
                }
            }

            var better = packing.ActiveCount < heuristic.ActiveCount
                || (packing.ActiveCount == heuristic.ActiveCount && packing.Migrations <= heuristic.Migrations);
            var bound = Math.Max(lowerBound, result.ActiveLowerBound);
            return new SolveOutcome(better ? packing : heuristic, bound, "exact", result.Optimal && better, false, 1, result.WallSeconds);
        }

        var (solves, solved, seconds) = NeighbourhoodSearch.Improve(problem, heuristic, lowerBound, budget, workers, Seed);
        return new SolveOutcome(heuristic, lowerBound, "decomposition", false, solved == 0, solves, seconds);
    }

    private static long VariableCount(ConsolidationProblem problem)
    {
        long receivers = problem.CanReceive.Count(c => c);
        return problem.MovableCount * (receivers + 1);
    }
}
