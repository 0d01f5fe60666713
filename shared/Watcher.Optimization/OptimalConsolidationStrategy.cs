using System.Globalization;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Domain.Strategies.Consolidation;
using Watcher.Optimization.Consolidation;

namespace Watcher.Optimization;

/// <summary>
/// <c>optimal_consolidation</c> (goal server_consolidation): packs the audit scope's movable instances onto as few
/// hosts as possible, then with as few migrations as possible, using Google OR-Tools CP-SAT warm-started from a
/// first-fit-decreasing drain of the domain's consolidation kernel (also the fallback). Small scopes are one exact
/// model; large ones are decomposed into neighbourhoods. The plan migrates (live for active and paused instances, cold
/// for stopped ones) in the order the kernel's <see cref="MigrationSequencer"/> gives, which never overloads a host on
/// the way, and disables each released node with reason <c>watcher_disabled</c>, as Watcher's <c>basic</c> strategy does.
/// It reads no metrics: flavor sizes against allocatable capacity decide.
/// </summary>
public sealed class OptimalConsolidationStrategy : Strategy<OptimalConsolidationParameters>
{
    /// <summary>Watcher's reason for nodes released by consolidation (<c>REASON_FOR_DISABLE</c>).</summary>
    public const string DisabledReason = BasicConsolidationStrategy.DisabledReason;

    private readonly TimeProvider _time;

    public OptimalConsolidationStrategy()
        : this(TimeProvider.System)
    {
    }

    internal OptimalConsolidationStrategy(TimeProvider time)
    {
        _time = time;
    }

    public override string Name => "optimal_consolidation";

    public override string DisplayName => "Optimal server consolidation (CP-SAT)";

    public override string GoalName => GoalCatalog.ServerConsolidation;

    public override ParameterSchema Parameters => OptimalConsolidationParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, OptimalConsolidationParameters parameters)
    {
        var budgetSeconds = parameters.TimeBudgetSeconds;
        var workers = parameters.NumWorkers;
        var maxHostsForExact = parameters.MaxHostsForExact;
        var budget = new SearchBudget(_time, budgetSeconds);
        var cluster = context.Cluster;

        var problem = ConsolidationProblem.Build(context);
        var outcome = ConsolidationSolver.Solve(problem, ConsolidationSolver.WarmStart(problem, context), budget, workers, maxHostsForExact);

        // The domain kernel orders the migrations so no host is overloaded on the way, parking on receiving hosts of the scope.
        var target = outcome.Packing;
        var moves = Enumerable.Range(0, problem.MovableCount)
            .Where(m => target.HostOf(m) != problem.Home[m])
            .Select(m => new ConsolidationMove(problem.Movable[m], problem.Hosts[problem.Home[m]], problem.Hosts[target.HostOf(m)]))
            .ToList();
        var sequence = MigrationSequencer.Order(cluster, moves, problem.Receives);

        var actions = sequence.Moves
            .Select(move => ActionFactory.Migrate(move.Instance, move.Source, move.Destination, InstanceMobility.MigrationType(move.Instance)!))
            .ToList();
        var warnings = new List<string>(sequence.Warnings());
        var released = 0;
        var active = 0;
        foreach (var node in problem.Hosts)
        {
            if (!sequence.EndsEmpty(node))
            {
                active++;
            }
            else if (cluster.InstancesOn(node.Uuid).Count > 0)
            {
                released++;
                if (node.Status == ServiceStatus.Enabled)
                {
                    actions.Add(ActionFactory.ChangeServiceState(node, ServiceStatus.Disabled, DisabledReason));
                }
            }
        }

        var lowerBound = Math.Min(outcome.LowerBound, active);
        var gap = active == 0 ? 0 : 100.0 * (active - lowerBound) / active;
        AddSolverWarnings(warnings, outcome, problem.HostCount, budgetSeconds, maxHostsForExact, active, lowerBound, gap);

        var enabled = problem.Hosts.Count(n => n.State == NodeState.Up && n.Status == ServiceStatus.Enabled);
        var migrations = actions.Count(a => a.ActionType == ActionTypes.Migrate);
        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                .. ConsolidationEfficacy.Indicators(enabled, released, migrations),
                new("optimality_gap", "Active hosts above the proven lower bound, as a share of the active hosts.", "%", Math.Round(gap, 2)),
                new("lower_bound_active_hosts", "A proven lower bound on the number of active hosts any plan needs.", null, lowerBound),
            ],
            GlobalEfficacy = ConsolidationEfficacy.Global(enabled, released),
        };
    }

    private static void AddSolverWarnings(List<string> warnings, SolveOutcome outcome, int hosts, double budgetSeconds, int maxHostsForExact, int active, int lowerBound, double gap)
    {
        var budget = budgetSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var gapText = gap.ToString("0.##", CultureInfo.InvariantCulture);
        var proof = active <= lowerBound
            ? "the host count meets the lower bound; the migration count is not proven minimal"
            : $"optimality is not proven (gap {gapText}%)";
        if (outcome.Fallback)
        {
            warnings.Add($"CP-SAT returned no solution within time_budget_seconds={budget}; falling back to the first-fit-decreasing heuristic plan ({active} active hosts, lower bound {lowerBound}, gap {gapText}%).");
        }
        else if (outcome.Mode == "decomposition")
        {
            var why = hosts > maxHostsForExact
                ? $"{hosts} hosts in scope exceed max_hosts_for_exact={maxHostsForExact}"
                : $"the exact model over {hosts} hosts would exceed {ConsolidationSolver.MaxExactVariables} placement variables";
            warnings.Add($"{why}: first-fit decreasing improved by CP-SAT over {outcome.Solves} neighbourhoods; {proof}.");
        }
        else if (outcome.Mode == "exact" && !outcome.ProvenOptimal)
        {
            warnings.Add($"CP-SAT did not finish within time_budget_seconds={budget}; the best plan found is used: {proof}.");
        }
    }
}
