using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using Xunit.Abstractions;

namespace Watcher.Domain.Tests.Planning;

/// <summary>The conflict planner against Watcher's weight planner on the same strategy output.</summary>
public sealed class PlannerComparisonTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Plan_HostMaintenance_ConflictPlannerIsShorterSafeAndOrdered(int seed)
    {
        // Watcher's documented case: a disabled spare takes everything from the busiest node.
        var generated = ClusterGenerator.Generate(40, 400, seed);
        var strategy = new HostMaintenanceStrategy();
        var busiest = generated.Hosts.OrderByDescending(h => generated.InstancesOn(h.Uuid).Count).First();
        var spare = new ComputeNode { Uuid = "spare-uuid", Hostname = "spare", VCpus = 128, MemoryMb = 1 << 20, DiskGb = 20000, Status = ServiceStatus.Disabled, DisabledReason = "spare" };
        var cluster = new ClusterModel([.. generated.Hosts, spare], generated.Instances);
        var parameters = strategy.Parameters.Resolve(new JsonObject { ["maintenance_node"] = busiest.Hostname, ["backup_node"] = spare.Hostname }, strategy.Name);
        var actions = strategy.Execute(new StrategyContext(cluster, parameters)).Actions;

        Assert.Equal("enabled", actions[0].InputParameters["state"]?.GetValue<string>());
        Assert.True(actions.Count > 5);
        Compare(cluster, actions, "host_maintenance");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Plan_DrainTenHosts_ConflictPlannerIsMuchShorterSafeAndOrdered(int seed)
    {
        // Consolidation-like: empty the ten least-loaded hosts onto the others, best fit, mostly independent moves.
        var cluster = ClusterGenerator.Generate(60, 500, seed);
        var placement = new Placement(cluster);
        var drained = cluster.Hosts.OrderBy(h => cluster.InstancesOn(h.Uuid).Count).ThenBy(h => h.Hostname, StringComparer.Ordinal).Take(10).ToList();
        var targets = cluster.Hosts.Except(drained).Where(h => h.State == NodeState.Up).ToList();
        var actions = new List<ProposedAction>();
        foreach (var node in drained)
        {
            foreach (var instance in cluster.InstancesOn(node.Uuid))
            {
                var destination = targets.Where(t => placement.Fits(instance, t)).OrderBy(t => (t.Capacity - placement.Used(t.Uuid)).VCpus).FirstOrDefault();
                if (destination is not null)
                {
                    placement.Move(instance, destination);
                    actions.Add(ActionFactory.Migrate(instance, node, destination, "live"));
                }
            }
        }

        Assert.True(actions.Count > 20);
        Compare(cluster, actions, "drain");
    }

    [Fact]
    public void Default_IsTheConflictPlannerAndWeightStaysAvailable()
    {
        Assert.Equal("conflict", PlannerRegistry.Default.DefaultName);
        Assert.IsType<ConflictPlanner>(PlannerRegistry.Default.Get(null));
        Assert.IsType<WeightPlanner>(PlannerRegistry.Default.Get("weight"));
    }

    private void Compare(ClusterModel cluster, IReadOnlyList<ProposedAction> actions, string label)
    {
        var problems = PlanVerifier.Verify(cluster, actions);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var conflictPlan = new ConflictPlanner(cluster).Plan(actions);
        var blindPlan = new ConflictPlanner().Plan(actions);
        var weightPlan = new WeightPlanner().Plan(actions);
        foreach (var plan in new[] { conflictPlan, blindPlan, weightPlan })
        {
            Assert.Empty(PlanGraphChecks.DagProblems(actions, plan));
            Assert.Empty(PlanGraphChecks.UnorderedConflicts(plan));
        }

        foreach (var plan in new[] { conflictPlan, blindPlan })
        {
            Assert.True(PlanGraphChecks.MaxConcurrentMigrationsPerHost(plan) <= ConflictPlanner.DefaultMaxPerHost);
            Assert.Empty(PlanGraphChecks.ScheduleProblems(cluster, plan, ConflictPlanner.DefaultMaxPerHost, runs: 50, seed: 11));
        }

        // Unit durations, then live-migration time taken as proportional to RAM (1 per GiB, 1 for other actions).
        double Ram(ProposedAction a) => a.ActionType == ActionTypes.Migrate ? Math.Max(1, cluster.FindInstance(a.ResourceId!)!.MemoryMb / 1024.0) : 1;
        var results = new List<(string Name, double Conflict, double Blind, double Weight)>();
        foreach (var (name, duration) in new (string, Func<ProposedAction, double>?)[] { ("unit", null), ("ram", Ram) })
        {
            var conflict = PlanMetrics.CriticalPathLength(conflictPlan, duration);
            var blind = PlanMetrics.CriticalPathLength(blindPlan, duration);
            var weight = PlanMetrics.CriticalPathLength(weightPlan, duration);
            results.Add((name, conflict, blind, weight));
            output.WriteLine($"{label} ({name} durations): {actions.Count} actions; makespan conflict {conflict} (no cluster {blind}), weight {weight}; peak parallelism conflict {PlanMetrics.MaxParallelism(conflictPlan, duration)}, weight {PlanMetrics.MaxParallelism(weightPlan, duration)}");
        }

        Assert.All(results, r => Assert.True(r.Conflict < r.Weight, $"{r.Name}: conflict {r.Conflict} vs weight {r.Weight}"));
    }
}
