using System.Diagnostics;
using Watcher.Cli;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Benchmarks;

/// <summary>Measures one strategy on one cluster: warm-ups, timed runs (median), allocations, then checks the last plan.</summary>
public static class StrategyBench
{
    public static StrategyMeasurement Measure(IStrategy strategy, ClusterModel cluster, StrategyCatalog catalog, BenchOptions options, Lazy<FfdOutcome> ffd, Lazy<FfdOutcome> ffdLive)
    {
        var row = new StrategyMeasurement
        {
            Strategy = strategy.Name,
            Goal = strategy.GoalName,
            Hosts = cluster.Hosts.Count,
            Instances = cluster.Instances.Count,
        };
        var input = BenchParameters.For(strategy, cluster, out var skip);
        if (input is null)
        {
            return row with { Skipped = skip };
        }

        try
        {
            var parameters = strategy.Parameters.Resolve(input, strategy.Name);
            for (var w = 0; w < options.WarmupsFor(cluster.Hosts.Count); w++)
            {
                strategy.Execute(new StrategyContext(cluster, parameters));
            }

            var times = new List<double>();
            var allocations = new List<long>();
            StrategyResult? result = null;
            var budget = Stopwatch.StartNew();
            for (var r = 0; r < options.RunsFor(cluster.Hosts.Count); r++)
            {
                var context = new StrategyContext(cluster, parameters);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                result = strategy.Execute(context);
                watch.Stop();
                allocations.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (budget.Elapsed.TotalSeconds > options.BudgetSeconds)
                {
                    break;
                }
            }

            var replay = PlanReplay.Of(cluster, result!.Actions);
            var makespan = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in catalog.Planners.Names.Order(StringComparer.Ordinal))
            {
                var planner = catalog.Planners.Get(name).ForCluster(cluster);
                try
                {
                    makespan[name] = PlanMetrics.CriticalPathLength(planner.Plan(result.Actions));
                }
                catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
                {
                    // The planner refuses this strategy's action types (left blank in the table).
                }
            }

            return row with
            {
                Runs = times.Count,
                MedianMs = Median(times),
                MinMs = times.Min(),
                AllocatedBytes = (long)Median(allocations.Select(a => (double)a).ToList()),
                Actions = result.Actions.Count,
                Migrations = result.Actions.Count(a => a.ActionType == ActionTypes.Migrate),
                ReleasedHosts = replay.ReleasedHosts,
                FfdReleasedHosts = strategy.GoalName == GoalCatalog.ServerConsolidation ? ffd.Value.ReleasedHosts : null,
                FfdLiveReleasedHosts = strategy.GoalName == GoalCatalog.ServerConsolidation ? ffdLive.Value.ReleasedHosts : null,
                OverCapacityHosts = replay.OverCapacityHosts,
                VerifierProblems = PlanVerifier.Verify(cluster, result.Actions).Count,
                Makespan = makespan,
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return row with { Skipped = $"{ex.GetType().Name}: {ex.Message}" };
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
