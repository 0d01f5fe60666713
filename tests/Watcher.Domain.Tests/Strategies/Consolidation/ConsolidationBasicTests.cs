using System.Diagnostics;
using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Domain.Strategies.Consolidation;
using Watcher.Simulator;
using Watcher.Testing;
using Xunit.Abstractions;
using static Watcher.Domain.Tests.Strategies.Consolidation.ConsolidationTestKit;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary><c>basic</c> scenarios whose expected plans follow Watcher's BasicConsolidation (score order, first fit, disable released nodes).</summary>
public sealed class ConsolidationBasicTests(ITestOutputHelper output)
{
    private static readonly BasicConsolidationStrategy Strategy = new();

    private static ComputeNode Host(string name, double cpu, int vcpus = 16, ServiceStatus status = ServiceStatus.Enabled) =>
        Node(name, vcpus: vcpus, status: status, reason: status == ServiceStatus.Disabled ? "ops" : null).WithMetrics((MetricNames.HostCpuUsage, cpu));

    private static Instance Vm(string name, string host, double cpu, int vcpus = 2, string state = InstanceState.Active) =>
        TestClusters.Vm(name, host, vcpus: vcpus, state: state).WithMetrics((MetricNames.InstanceCpuUsage, cpu));

    [Fact]
    public void Execute_LightNodesFitOnBusiest_MigratesByCpuDescendingAndDisablesEachReleasedNode()
    {
        // Score order A (80 %) > B (50 %) > C (10 %): C is released first, its busier instance first, then B.
        var cluster = new ClusterModel(
            [Host("A", 80), Host("B", 50), Host("C", 10)],
            [Vm("a1", "A", 50), Vm("b1", "B", 40), Vm("b2", "B", 40), Vm("c1", "C", 30), Vm("c2", "C", 60)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(
            [
                "migrate live c2 C->A", "migrate live c1 C->A", "service C disabled watcher_disabled",
                "migrate live b1 B->A", "migrate live b2 B->A", "service B disabled watcher_disabled",
            ],
            Describe(result));
        Assert.Equal(3, Indicator(result, "compute_nodes_count"));
        Assert.Equal(2, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(4, Indicator(result, "instance_migrations_count"));
        Assert.Equal(200.0 / 3, Indicator(result, "released_nodes_ratio"), 9);
        Assert.Equal("%", result.GlobalEfficacy.Single().Unit);
    }

    [Fact]
    public void Execute_NodePassedOverEarlier_StaysAFallbackDestinationAndChainedMovesCollapse()
    {
        // C: c1 fits on A (2 vCPU free), c2 only on B. B cannot be emptied (A is full, C released).
        // Watcher would stop at A (no node left above it); here B, passed over, takes A's instances, and c1's
        // two hops C->A->B become one migration C->B.
        var cluster = new ClusterModel(
            [Host("A", 90, vcpus: 8), Host("B", 60), Host("C", 5)],
            [Vm("a1", "A", 50, vcpus: 6), Vm("b1", "B", 40), Vm("c1", "C", 70), Vm("c2", "C", 20, vcpus: 4)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(
            [
                "migrate live c1 C->B", "migrate live c2 C->B", "service C disabled watcher_disabled",
                "migrate live a1 A->B", "service A disabled watcher_disabled",
            ],
            Describe(result));
        Assert.Equal(2, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(3, Indicator(result, "instance_migrations_count"));
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("excluded")]
    public void Execute_NodeWithAnInstanceThatCannotMove_IsNotPartiallyDrained(string kind)
    {
        // Watcher would live-migrate b1 to A and leave B running b2: a migration that releases nothing.
        var b2 = kind == "stopped" ? Vm("b2", "B", 10, state: InstanceState.Stopped) : Vm("b2", "B", 10) with { WatcherExclude = true };
        var cluster = new ClusterModel(
            [Host("A", 80), Host("B", 10)],
            [Vm("a1", "A", 90, vcpus: 14), Vm("b1", "B", 10), b2]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Equal(2, Indicator(result, "compute_nodes_count"));
        Assert.Equal(0, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(0, Indicator(result, "released_nodes_ratio"));
    }

    [Fact]
    public void Execute_MissingHostMetricAndDisabledNode_ScoresAsFullAndNeverTargetsTheDisabledNode()
    {
        // C has no host_cpu_usage: Watcher scores it as 100 %, so it heads the order. D is disabled: it is drained
        // like any node but never receives instances, and it needs no disable action.
        var cluster = new ClusterModel(
            [Host("A", 60), Host("D", 70, status: ServiceStatus.Disabled), Node("C")],
            [Vm("a1", "A", 50), Vm("d1", "D", 50), Vm("c1", "C", 50)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a1 A->C", "service A disabled watcher_disabled", "migrate live d1 D->C"], Describe(result));
        Assert.Equal(2, Indicator(result, "compute_nodes_count"));
        Assert.Equal(2, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(100, Indicator(result, "released_nodes_ratio"));
    }

    [Theory]
    [InlineData(0, new[] { "migrate live b1 B->A", "service B disabled watcher_disabled" })]
    [InlineData(1, new string[0])]
    public void Execute_MigrationAttempts_StopsAfterMoreConsecutiveFailuresThanAllowed(int attempts, string[] expected)
    {
        // D and C cannot be emptied (10 vCPU each, at most 8 free anywhere); B could, onto A.
        var cluster = new ClusterModel(
            [Host("A", 90), Host("B", 50), Host("C", 30), Host("D", 10)],
            [Vm("a1", "A", 50, vcpus: 8), Vm("b1", "B", 50, vcpus: 8), Vm("c1", "C", 50, vcpus: 10), Vm("d1", "D", 50, vcpus: 10)]);

        var result = Run(Strategy, cluster, new JsonObject { ["migration_attempts"] = attempts });

        Assert.Equal(expected, Describe(result));
    }

    [Fact]
    public void Execute_NoInstances_ProposesNothing()
    {
        var result = Run(Strategy, new ClusterModel([Host("A", 10), Host("B", 10)], []));

        Assert.Empty(result.Actions);
        Assert.Equal(2, Indicator(result, "compute_nodes_count"));
        Assert.Equal(0, Indicator(result, "released_nodes_ratio"));
    }

    [Fact]
    public void Score_MatchesWatcherFormulaToTheBit()
    {
        // Values from Watcher's test_basic_consolidation (40-vCPU node at 7 %, instances at 8 % and 7 %).
        Assert.Equal(0.023333333333333317, BasicConsolidationStrategy.Score(40, 7));
        Assert.Equal(0.02666666666666669, BasicConsolidationStrategy.Score(40, 8));
        Assert.Equal(0.023333333333333355, BasicConsolidationStrategy.Score(1, 7));
    }

    [Theory]
    [InlineData("{\"migration_attempts\": -1}", "migration_attempts")]
    [InlineData("{\"period\": \"soon\"}", "period")]
    [InlineData("{\"aggregation_method\": \"mean\"}", "aggregation_method")]
    [InlineData("{\"aggregation_method\": {\"instance\": \"median\"}}", "aggregation_method")]
    [InlineData("{\"aggregation_method\": {\"host\": \"mean\"}}", "aggregation_method")]
    [InlineData("{\"aggregation_method\": {\"compute_node\": 3}}", "aggregation_method")]
    [InlineData("{\"threshold\": 3}", "threshold")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string name)
    {
        var cluster = new ClusterModel([Host("A", 10)], []);

        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, cluster, JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_ValidAggregationMethods_AreAccepted()
    {
        var cluster = new ClusterModel([Host("A", 10)], []);
        var parameters = new JsonObject { ["aggregation_method"] = new JsonObject { ["instance"] = "max", ["node"] = "min" }, ["period"] = 600, ["granularity"] = 60 };

        var result = Run(Strategy, cluster, parameters);

        Assert.Empty(result.Actions);
    }

    [Fact]
    public void Strategy_IsDiscoveredWithWatcherNameGoalAndMetrics()
    {
        var strategy = StrategyRegistry.Default.Find("basic");

        Assert.IsType<BasicConsolidationStrategy>(strategy);
        Assert.Equal(GoalCatalog.ServerConsolidation, strategy.GoalName);
        Assert.Equal([MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage], strategy.RequiredMetrics);
        Assert.Equal(["migration_attempts", "period", "granularity", "aggregation_method", "avoid_coinciding_peaks", "peak_coincidence"], strategy.Parameters.Names);
    }

    [Theory]
    [InlineData(50, 1, 4)]
    [InlineData(50, 2, 4)]
    [InlineData(50, 3, 12)]
    [InlineData(500, 1, 4)]
    [InlineData(500, 2, 12)]
    public void Execute_GeneratedCluster_ReleasesAtLeastFirstFitDecreasingWithNoExtraMigration(int hosts, int seed, int instancesPerHost)
    {
        var cluster = ClusterGenerator.Generate(hosts, hosts * instancesPerHost, seed);

        var result = Run(Strategy, cluster);

        var (released, baseline) = AssertAtLeastFirstFitDecreasing(cluster, result, InstanceMobility.IsActive);
        Assert.Equal(released, Indicator(result, "released_compute_nodes_count"));
        output.WriteLine($"{hosts} hosts, {cluster.Instances.Count} instances, seed {seed}: basic released {released}, first-fit-decreasing {baseline}");
    }

    [Fact]
    public void Execute_TwoThousandHosts_PlanVerifierFindsNothing()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 7);
        var watch = Stopwatch.StartNew();

        var result = Strategy.Execute(new StrategyContext(cluster, Strategy.Parameters.Resolve(null, Strategy.Name)));

        output.WriteLine($"basic on 2000 hosts / 8000 instances: {watch.ElapsedMilliseconds} ms, {result.Actions.Count} actions");
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        Assert.NotEmpty(result.Actions);
    }
}
