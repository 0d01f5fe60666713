using System.Globalization;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Optimization.Consolidation;

namespace Watcher.Optimization;

/// <summary>
/// <c>optimal_consolidation</c> (goal server_consolidation): packs the audit scope's movable instances onto as few
/// hosts as possible, then with as few migrations as possible, using Google OR-Tools CP-SAT warm-started from a
/// first-fit-decreasing drain. Small scopes are one exact model; large ones are decomposed into neighbourhoods. The
/// plan migrates (live for active instances, cold for stopped ones) in an order that never overloads a host on the way
/// and disables each released node with reason <c>watcher_disabled</c>, as Watcher's <c>basic</c> strategy does.
/// It reads no metrics: flavor sizes against allocatable capacity decide.
/// </summary>
public sealed class OptimalConsolidationStrategy : Strategy<OptimalConsolidationParameters>
{
    /// <summary>Watcher's reason for nodes released by consolidation (<c>REASON_FOR_DISABLE</c>).</summary>
    public const string DisabledReason = "watcher_disabled";

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
        var outcome = ConsolidationSolver.Solve(problem, budget, workers, maxHostsForExact);
        var sequence = MigrationSequencer.Order(problem, outcome.Packing.Snapshot());

        var actions = new List<ProposedAction>();
        var warnings = new List<string>();
        var placement = new Placement(cluster);
        foreach (var move in sequence.Moves)
        {
            var instance = problem.Movable[move.Instance];
            var source = problem.Hosts[move.From];
            var destination = problem.Hosts[move.To];
            if (placement.HostOf(instance) != source.Uuid || !placement.Fits(instance, destination))
            {
                warnings.Add($"Instance {instance.Uuid} ({instance.Name}) stays on {source.Hostname}: its move to {destination.Hostname} no longer fits.");
                continue;
            }

            placement.Move(instance, destination);
            actions.Add(ActionFactory.Migrate(instance, source, destination, ConsolidationProblem.MigrationType(instance)!));
        }

        foreach (var m in sequence.Bounces)
        {
            var instance = problem.Movable[m];
            warnings.Add($"Instance {instance.Uuid} ({instance.Name}) is parked on an intermediate host to break a migration cycle (one extra migration).");
        }

        foreach (var m in sequence.Skipped)
        {
            var instance = problem.Movable[m];
            warnings.Add($"Instance {instance.Uuid} ({instance.Name}) stays on {cluster.FindNode(placement.HostOf(instance))?.Hostname}: no order of migrations moves it without overloading a host on the way.");
        }

        var released = 0;
        var active = 0;
        foreach (var node in problem.Hosts)
        {
            if (placement.InstanceCount(node.Uuid) > 0)
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
                new("compute_nodes_count", "The total number of enabled compute nodes.", null, enabled),
                new("released_compute_nodes_count", "The number of compute nodes to be released.", null, released),
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, migrations),
                new("optimality_gap", "Active hosts above the proven lower bound, as a share of the active hosts.", "%", Math.Round(gap, 2)),
                new("lower_bound_active_hosts", "A proven lower bound on the number of active hosts any plan needs.", null, lowerBound),
            ],
            GlobalEfficacy =
            [
                new("released_nodes_ratio", "Ratio of released compute nodes divided by the total number of enabled compute nodes.", "%", enabled == 0 ? 0 : 100.0 * released / enabled),
            ],
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
