using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Consolidation;
using Watcher.Simulator;
using static Watcher.Optimization.Tests.Clusters;

namespace Watcher.Optimization.Tests;

/// <summary>optimal_consolidation on clusters whose optimum (fewest hosts, then fewest migrations) is known by hand.</summary>
public sealed class OptimalConsolidationStrategyTests
{
    private static readonly OptimalConsolidationStrategy Strategy = new();

    private static StrategyResult Run(ClusterModel cluster, JsonObject? parameters = null, AuditScope? scope = null, IStrategy? strategy = null)
    {
        strategy ??= Strategy;
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(parameters ?? [], strategy.Name), scope));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    /// <summary>Parameters as the API receives them (parsed JSON), so integers and numbers resolve alike.</summary>
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static string Describe(ProposedAction a) => a.ActionType switch
    {
        ActionTypes.Migrate => $"migrate {a.InputParameters["migration_type"]} {a.InputParameters["resource_name"]} {a.InputParameters["source_node"]}->{a.InputParameters["destination_node"]}",
        ActionTypes.ChangeNovaServiceState => $"service {a.InputParameters["resource_name"]} {a.InputParameters["state"]} {a.InputParameters["disabled_reason"]}".TrimEnd(),
        _ => a.ActionType,
    };

    private static double Indicator(StrategyResult result, string name) =>
        result.EfficacyIndicators.Concat(result.GlobalEfficacy).Single(i => i.Name == name).Value;

    [Fact]
    public void Execute_OneMoveReleasesAHost_PicksTheSingleMigrationOverTheTwoMoveDrain()
    {
        // 16 vCPU each; A 12, B 6, C 8, D empty. 26 vCPU need 2 hosts. Emptying C into B takes one move;
        // emptying B (what a least-loaded-first drain does) takes two.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C"), Node("D")],
            [Vm("a1", "A", 8), Vm("a2", "A", 4), Vm("b1", "B", 4), Vm("b2", "B", 2), Vm("c1", "C", 8)]);

        var result = Run(cluster);

        Assert.Equal(["migrate live c1 C->B", "service C disabled watcher_disabled"], result.Actions.Select(Describe).ToArray());
        Assert.Empty(result.Warnings);
        Assert.Equal(4, Indicator(result, "compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "instance_migrations_count"));
        Assert.Equal(2, Indicator(result, "lower_bound_active_hosts"));
        Assert.Equal(0, Indicator(result, "optimality_gap"));
        Assert.Equal(25, Indicator(result, "released_nodes_ratio"));
    }

    [Fact]
    public void Execute_NoHostCanBeDrainedAlone_RepacksAndOrdersMovesSoCapacityIsFreedFirst()
    {
        // 10 vCPU each; A {1,5,1}=7, B {1,5}=6, C {6}. No host's instances fit in the others' free room, so the drain
        // keeps 3 hosts; the optimum (19 vCPU on 2 hosts) swaps: i0 B->A, then i4 A->B (B has room once i0 left),
        // then i1 C->A (A has room once i4 left). It is the only 2-host plan with 3 migrations.
        var cluster = new ClusterModel(
            [Node("A", 10), Node("B", 10), Node("C", 10)],
            [Vm("i0", "B", 1), Vm("i1", "C", 6), Vm("i2", "A", 1), Vm("i3", "B", 5), Vm("i4", "A", 5), Vm("i5", "A", 1)]);
        Assert.Equal(0, FirstFitDecreasing.Consolidate(cluster).ReleasedCount);

        var result = Run(cluster);

        Assert.Equal(
            ["migrate live i0 B->A", "migrate live i4 A->B", "migrate live i1 C->A", "service C disabled watcher_disabled"],
            result.Actions.Select(Describe).ToArray());
        Assert.Equal(3, Indicator(result, "instance_migrations_count"));
        Assert.Equal(0, Indicator(result, "optimality_gap"));
    }

    [Fact]
    public void Execute_ExcludedInstanceAndOutOfScopeHost_PinsTheHostAndLeavesTheOtherAlone()
    {
        // A holds an excluded instance, so it stays active and takes B's and C's; D (roomy, out of scope) is untouched.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C"), Node("D", 64)],
            [Vm("keep", "A", 2) with { WatcherExclude = true }, Vm("b1", "B", 4), Vm("c1", "C", 4), Vm("d1", "D", 2)]);

        var result = Run(cluster, scope: new AuditScope { ExcludeHosts = ["D"] });

        Assert.Equal(
            ["migrate live b1 B->A", "migrate live c1 C->A", "service B disabled watcher_disabled", "service C disabled watcher_disabled"],
            result.Actions.Select(Describe).ToArray());
        Assert.Equal(3, Indicator(result, "compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "lower_bound_active_hosts"));
    }

    [Fact]
    public void Execute_DisabledHostAndStoppedInstance_ColdMigratesAndNeverTargetsTheDisabledHost()
    {
        // A is disabled: it may be emptied but not filled. Its two instances fit on B (2 moves, A released); moving B's
        // instance to A is not allowed, and emptying everything onto C would cost 3 moves.
        var cluster = new ClusterModel(
            [Node("A", status: ServiceStatus.Disabled), Node("B"), Node("C", 32)],
            [Vm("s1", "A", 2, state: InstanceState.Stopped), Vm("a1", "A", 2), Vm("b1", "B", 8)]);

        var result = Run(cluster);

        Assert.Equal(["migrate cold s1 A->B", "migrate live a1 A->B"], result.Actions.Select(Describe).ToArray());
        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(2, Indicator(result, "compute_nodes_count"));
    }

    [Fact]
    public void Execute_DownHostAndErrorInstance_StayWhereTheyAre()
    {
        // Instances on a down host, or in error, cannot migrate: their hosts stay active. Only B's VM can move (to A).
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C", state: NodeState.Down)],
            [Vm("broken", "A", 2, state: InstanceState.Error), Vm("b1", "B", 2), Vm("c1", "C", 2)]);

        var result = Run(cluster);

        Assert.Equal(["migrate live b1 B->A", "service B disabled watcher_disabled"], result.Actions.Select(Describe).ToArray());
        Assert.Equal(2, Indicator(result, "lower_bound_active_hosts"));
    }

    [Fact]
    public void Execute_AlreadyOptimal_ProposesNothing()
    {
        var cluster = new ClusterModel(
            [Node("A", 8), Node("B", 8), Node("C", 8)],
            [Vm("a1", "A", 6), Vm("b1", "B", 6), Vm("c1", "C", 6)]);

        var result = Run(cluster);

        Assert.Empty(result.Actions);
        Assert.Empty(result.Warnings);
        Assert.Equal(0, Indicator(result, "released_nodes_ratio"));
        Assert.Equal(3, Indicator(result, "lower_bound_active_hosts"));
    }

    [Fact]
    public void Execute_RamIsTheBindingResource_RespectsItToo()
    {
        // vCPU is plentiful; RAM allows two 4 GB VMs on A or B and one on C: A is full, so c1 goes to B (b1 has no room on C).
        var cluster = new ClusterModel(
            [Node("A", 64, memoryMb: 8192), Node("B", 64, memoryMb: 8192), Node("C", 64, memoryMb: 4096)],
            [Vm("a1", "A", 1, memoryMb: 4096), Vm("a2", "A", 1, memoryMb: 4096), Vm("b1", "B", 1, memoryMb: 4096), Vm("c1", "C", 1, memoryMb: 4096)]);

        var result = Run(cluster);

        Assert.Equal(["migrate live c1 C->B", "service C disabled watcher_disabled"], result.Actions.Select(Describe).ToArray());
    }

    /// <summary>
    /// 16 vCPU each; A {9,1,5}=15, B {7,4}=11, C {6}, D empty: 32 vCPU fill exactly 2 hosts. The drain (fewest
    /// instances first) cannot empty C or B and empties A with three moves; the optimum keeps A and B with two.
    /// </summary>
    private static ClusterModel ExactFitCluster() => new(
        [Node("A"), Node("B"), Node("C"), Node("D")],
        [Vm("i0", "A", 9), Vm("i1", "A", 1), Vm("i2", "C", 6), Vm("i3", "B", 7), Vm("i4", "A", 5), Vm("i5", "B", 4)]);

    [Fact]
    public void Execute_DrainWouldMoveThree_SolverReleasesTheSmallHostWithTwoOrderedMoves()
    {
        var result = Run(ExactFitCluster());

        // i2 can only land on A once i4 has left it, so i4 goes first.
        Assert.Equal(
            ["migrate live i4 A->B", "migrate live i2 C->A", "service C disabled watcher_disabled"],
            result.Actions.Select(Describe).ToArray());
        Assert.Empty(result.Warnings);
        Assert.Equal(2, Indicator(result, "instance_migrations_count"));
    }

    [Fact]
    public void Execute_BudgetAlreadySpent_FallsBackToTheFirstFitDecreasingPlanWithAWarning()
    {
        var strategy = new OptimalConsolidationStrategy(new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(100) });

        var result = Run(ExactFitCluster(), strategy: strategy);

        Assert.Equal(
            ["migrate live i0 A->C", "migrate live i1 A->C", "migrate live i4 A->B", "service A disabled watcher_disabled"],
            result.Actions.Select(Describe).ToArray());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("falling back to the first-fit-decreasing heuristic", warning, StringComparison.Ordinal);
        Assert.Equal(0, Indicator(result, "optimality_gap"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Execute_BudgetAlreadySpent_PlanIsTheDomainKernelsFirstFitDecreasing(int seed)
    {
        // The warm start and fallback are the domain kernel's drain: same moves, same released hosts.
        var cluster = ClusterGenerator.Generate(60, 240, seed);
        var strategy = new OptimalConsolidationStrategy(new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(100) });

        var result = Run(cluster, strategy: strategy);

        var kernel = FirstFitDecreasing.Consolidate(cluster);
        Assert.NotEmpty(kernel.Migrations);
        Assert.Equal(
            kernel.Migrations.Select(m => $"{m.Instance.Uuid}->{m.Destination.Hostname}").Order(StringComparer.Ordinal),
            result.Actions.Where(a => a.ActionType == ActionTypes.Migrate).Select(a => $"{a.ResourceId}->{a.InputParameters["destination_node"]}").Order(StringComparer.Ordinal));
        Assert.Equal(kernel.ReleasedCount, Indicator(result, "released_compute_nodes_count"));
    }

    [Fact]
    public void Execute_TinyBudgetOnLargeCluster_StillReturnsAValidPlan()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, seed: 7);

        var result = Run(cluster, Json("""{"time_budget_seconds": 0.1}"""));

        Assert.True(Indicator(result, "released_compute_nodes_count") > 0);
        Assert.True(Indicator(result, "lower_bound_active_hosts") <= 2000 - Indicator(result, "released_compute_nodes_count"));
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Execute_Generated2000Hosts_PlanVerifierFindsNothingAndGapIsReported()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, seed: 42);

        var result = Run(cluster, Json("""{"time_budget_seconds": 2}"""));

        var released = Indicator(result, "released_compute_nodes_count");
        Assert.True(released > 1000, $"released {released}");
        Assert.InRange(Indicator(result, "optimality_gap"), 0, 100);
        Assert.Contains(result.Warnings, w => w.Contains("max_hosts_for_exact=50", StringComparison.Ordinal));
        Assert.Equal(released, result.Actions.Count(a => a.ActionType == ActionTypes.ChangeNovaServiceState));
    }

    [Fact]
    public void Execute_SmallClusterForcedIntoDecomposition_StillFindsTheRepack()
    {
        var cluster = new ClusterModel(
            [Node("A", 10), Node("B", 10), Node("C", 10)],
            [Vm("i0", "B", 1), Vm("i1", "C", 6), Vm("i2", "A", 1), Vm("i3", "B", 5), Vm("i4", "A", 5), Vm("i5", "A", 1)]);

        var result = Run(cluster, Json("""{"max_hosts_for_exact": 2}"""));

        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(3, Indicator(result, "instance_migrations_count"));
        Assert.Contains(result.Warnings, w => w.Contains("max_hosts_for_exact=2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("time_budget_seconds", 0.05)]
    [InlineData("time_budget_seconds", 301)]
    [InlineData("num_workers", 0)]
    [InlineData("num_workers", 1.5)]
    [InlineData("max_hosts_for_exact", 1)]
    public void Resolve_OutOfRangeParameter_ThrowsValidationNamingIt(string name, double value)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { [name] = value }, Strategy.Name));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownOrMistypedParameter_ThrowsValidationNamingIt()
    {
        var unknown = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["period"] = 7200 }, Strategy.Name));
        var mistyped = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["num_workers"] = "two" }, Strategy.Name));

        Assert.Contains("period", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("num_workers", mistyped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Defaults_AreWatcherStyleSchema()
    {
        var resolved = Strategy.Parameters.Resolve(null, Strategy.Name);

        Assert.Equal(5, resolved["time_budget_seconds"]!.GetValue<double>());
        Assert.Equal(2, resolved["num_workers"]!.GetValue<long>());
        Assert.Equal(50, resolved["max_hosts_for_exact"]!.GetValue<long>());
    }

    [Fact]
    public void FromAssemblies_DomainAndOptimization_DiscoversTheStrategyForServerConsolidation()
    {
        var registry = StrategyRegistry.FromAssemblies(typeof(StrategyRegistry).Assembly, typeof(OptimalConsolidationStrategy).Assembly);

        Assert.IsType<OptimalConsolidationStrategy>(registry.Find("optimal_consolidation"));
        Assert.Contains(registry.ForGoal(GoalCatalog.ServerConsolidation), s => s.Name == "optimal_consolidation");
    }
}
