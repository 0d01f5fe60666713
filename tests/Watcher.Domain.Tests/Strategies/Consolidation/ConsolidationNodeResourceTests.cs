using Watcher.Domain.Actions;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Domain.Strategies.Consolidation;
using Watcher.Simulator;
using Xunit.Abstractions;
using static Watcher.Domain.Tests.Strategies.Consolidation.ConsolidationTestKit;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary><c>node_resource_consolidation</c> scenarios whose expected plans follow Watcher's grouping walk on allocated vCPUs.</summary>
public sealed class ConsolidationNodeResourceTests(ITestOutputHelper output)
{
    private const string Fence = "Watcher node resource consolidation strategy";

    private static readonly NodeResourceConsolidationStrategy Strategy = new();

    private static readonly JsonObject Specify = new() { ["host_choice"] = "specify" };

    /// <summary>Allocated vCPUs: D 0, A 2, B 8, C 12 (all 16-vCPU nodes).</summary>
    private static ClusterModel FourNodes() => new(
        [Node("A"), Node("B"), Node("C"), Node("D")],
        [Vm("a1", "A"), Vm("b1", "B", vcpus: 4), Vm("b2", "B", vcpus: 4), Vm("c1", "C", vcpus: 8), Vm("c2", "C", vcpus: 4)]);

    [Fact]
    public void Execute_Specify_MovesTheLeastAllocatedNodeToTheBestFitAboveAndStopsAtADestination()
    {
        // Walk D (empty), A: a1 goes to the node above with the least free vCPU that fits (C, 4 free, not B, 8);
        // B's instances do not fit on C any more; the walk stops at C, which received an instance.
        var result = Run(Strategy, FourNodes(), (JsonObject)Specify.DeepClone());

        Assert.Equal(["migrate live a1 A->C"], Describe(result));
        Assert.Equal("node_resource_consolidation", result.Planner);
        Assert.Equal(4, Indicator(result, "compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "instance_migrations_count"));
        Assert.Equal(25, Indicator(result, "released_nodes_ratio"));
    }

    [Fact]
    public void Execute_Auto_FencesEmptyAndEmptiedNodesAroundTheMigrations()
    {
        var result = Run(Strategy, FourNodes());

        Assert.Equal(
            [
                $"service D disabled {Fence}", $"service A disabled {Fence}",
                "migrate live a1 A->C",
                "service D enabled", "service A enabled",
            ],
            Describe(result));
        Assert.Equal("node_resource_consolidation", result.Planner);
    }

    [Fact]
    public void Execute_BestFit_PrefersTheTightestNodeOverTheMostAllocated()
    {
        // B has 6 vCPUs free, C (64 vCPUs) 10: best fit on free vCPU picks B although C is higher in the walk.
        // (First-fit-decreasing, filling the large C first, cannot then empty B as well, so it releases no more.)
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C", vcpus: 64, memoryMb: 131072)],
            [Vm("a1", "A"), Vm("b1", "B", vcpus: 10), Vm("c1", "C", vcpus: 54)]);

        var result = Run(Strategy, cluster, (JsonObject)Specify.DeepClone());

        Assert.Equal(["migrate live a1 A->B"], Describe(result));
    }

    [Fact]
    public void Execute_DiskIsChecked_UnlikeWatcherWhichLooksAtVcpuAndRamOnly()
    {
        // C is the best fit on vCPU (4 free) but has 20 GB of disk left for a 100 GB instance.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C", diskGb: 100)],
            [Vm("a1", "A", diskGb: 100), Vm("b1", "B", vcpus: 8), Vm("c1", "C", vcpus: 12, diskGb: 80)]);

        var result = Run(Strategy, cluster, (JsonObject)Specify.DeepClone());

        Assert.Equal(["migrate live a1 A->B"], Describe(result));
    }

    [Fact]
    public void Execute_StoppedAndErrorInstances_StoppedMovesColdErrorPinsItsNode()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("E", vcpus: 8), Node("C")],
            [Vm("a1", "A", vcpus: 1, state: InstanceState.Stopped), Vm("e1", "E", state: InstanceState.Error), Vm("c1", "C", vcpus: 12)]);

        var result = Run(Strategy, cluster, (JsonObject)Specify.DeepClone());

        Assert.Equal(["migrate cold a1 A->C"], Describe(result));
    }

    [Fact]
    public void Execute_FirstFitDecreasingReleasesMore_UsesItsPlan()
    {
        // The walk releases A only (onto C, the best fit) and stops at C. First-fit-decreasing also empties C onto
        // E (14 vCPUs free), releasing two nodes, so its plan is used; a1's two hops A->C->E become one.
        var cluster = new ClusterModel(
            [Node("A"), Node("E"), Node("C")],
            [Vm("a1", "A", vcpus: 1, state: InstanceState.Stopped), Vm("e1", "E", state: InstanceState.Error), Vm("c1", "C", vcpus: 12)]);

        var result = Run(Strategy, cluster, (JsonObject)Specify.DeepClone());

        Assert.Equal(["migrate cold a1 A->E", "migrate live c1 C->E"], Describe(result));
        Assert.Equal(2, Indicator(result, "released_compute_nodes_count"));
    }

    [Fact]
    public void Execute_DestinationOutOfScope_IsNeverUsed()
    {
        var result = Run(Strategy, FourNodes(), (JsonObject)Specify.DeepClone(), new AuditScope { ExcludeHosts = ["C"] });

        Assert.Equal(["migrate live a1 A->B"], Describe(result));
        Assert.Equal(3, Indicator(result, "compute_nodes_count"));
    }

    [Fact]
    public void Execute_NothingToRelease_ProposesNoActionNotEvenFences()
    {
        var cluster = new ClusterModel([Node("A"), Node("B"), Node("D")], [Vm("a1", "A", vcpus: 14), Vm("b1", "B", vcpus: 14)]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Equal(0, Indicator(result, "released_nodes_ratio"));
    }

    [Theory]
    [InlineData("{\"host_choice\": \"random\"}", "host_choice")]
    [InlineData("{\"host_choice\": 1}", "host_choice")]
    [InlineData("{\"period\": 60}", "period")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, FourNodes(), JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_IsDiscoveredAndItsPlannerIsRegistered()
    {
        var strategy = StrategyRegistry.Default.Find("node_resource_consolidation");

        Assert.IsType<NodeResourceConsolidationStrategy>(strategy);
        Assert.Equal(GoalCatalog.ServerConsolidation, strategy.GoalName);
        Assert.Empty(strategy.RequiredMetrics);
        Assert.IsType<NodeResourceConsolidationPlanner>(PlannerRegistry.Default.Get(NodeResourceConsolidationStrategy.PlannerName));
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

        var result = Run(Strategy, cluster, (JsonObject)Specify.DeepClone());

        var (released, baseline) = AssertAtLeastFirstFitDecreasing(cluster, result, InstanceMobility.CanMigrate);
        output.WriteLine($"{hosts} hosts, {cluster.Instances.Count} instances, seed {seed}: node_resource_consolidation released {released}, first-fit-decreasing {baseline}");
    }

    [Fact]
    public void Execute_TwoThousandHosts_PlanVerifierFindsNothingAndThePlannerOrdersIt()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 7);
        var watch = Stopwatch.StartNew();

        var result = Strategy.Execute(new StrategyContext(cluster, Strategy.Parameters.Resolve(null, Strategy.Name)));

        output.WriteLine($"node_resource_consolidation on 2000 hosts / 8000 instances: {watch.ElapsedMilliseconds} ms, {result.Actions.Count} actions");
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        Assert.NotEmpty(result.Actions);
        var plan = new NodeResourceConsolidationPlanner().Plan(result.Actions);
        // Every proposed action is planned, plus the planner's nop barriers at this size.
        Assert.Equal(result.Actions.Count, plan.Count(p => p.Action.ActionType != ActionTypes.Nop));
        Assert.All(plan.Select((p, i) => (p, i)), x => Assert.All(x.p.Parents, parent => Assert.InRange(parent, 0, x.i - 1)));
        Assert.True(plan.Sum(p => p.Parents.Count) < 4 * plan.Count, "edges must grow linearly");
    }
}
