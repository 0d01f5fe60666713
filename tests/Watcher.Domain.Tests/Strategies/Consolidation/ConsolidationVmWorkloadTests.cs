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

/// <summary><c>vm_workload_consolidation</c> scenarios whose expected plans follow Watcher's four phases.</summary>
public sealed class ConsolidationVmWorkloadTests(ITestOutputHelper output)
{
    private static readonly VmWorkloadConsolidationStrategy Strategy = new();

    private static Instance Vm(string name, string host, double cpu, int vcpus = 2, string state = InstanceState.Active, double ram = 1024) =>
        TestClusters.Vm(name, host, vcpus: vcpus, state: state).WithMetrics((MetricNames.InstanceCpuUsage, cpu), (MetricNames.InstanceRamUsage, ram));

    [Fact]
    public void Execute_LeastUsedNodesFitOnMostUsed_MigratesThemThereAndDisablesTheEmptyNodes()
    {
        // CPU use in cores: A 2 + 4 = 6, B 1, C 2. Consolidation walks B, C, A; both fit on A.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C")],
            [Vm("a1", "A", 50, vcpus: 4), Vm("a2", "A", 100, vcpus: 4), Vm("b1", "B", 50), Vm("c1", "C", 100)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(
            ["migrate live b1 B->A", "migrate live c1 C->A", "service B disabled watcher_disabled", "service C disabled watcher_disabled"],
            Describe(result));
        Assert.Equal(3, Indicator(result, "compute_nodes_count"));
        Assert.Equal(2, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(2, Indicator(result, "instance_migrations_count"));
        Assert.Equal(200.0 / 3, Indicator(result, "released_nodes_ratio"), 9);
    }

    [Fact]
    public void Execute_CpuOverloadedNode_OffloadsLeastCpuHungryFirstUntilNoLongerOverloaded()
    {
        // A: capacity 4 vCPU (8 physical, 4 reserved) but host_cpu_usage 75 % of 8 = 6 cores: overloaded.
        // Offload moves a1 (0.2 cores) then a2 (1.8) to the most used node with room, C; then B consolidates onto C.
        var cluster = new ClusterModel(
            [(Node("A", vcpus: 8) with { VCpuReserved = 4 }).WithMetrics((MetricNames.HostCpuUsage, 75)), Node("B"), Node("C")],
            [Vm("a1", "A", 10), Vm("a2", "A", 90), Vm("b1", "B", 50), Vm("c1", "C", 100, vcpus: 4)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(
            [
                "migrate live a1 A->C", "migrate live a2 A->C", "migrate live b1 B->C",
                "service A disabled watcher_disabled", "service B disabled watcher_disabled",
            ],
            Describe(result));
        Assert.Equal(3, Indicator(result, "instance_migrations_count"));
    }

    [Fact]
    public void Execute_StoppedAndErrorInstances_StoppedMovesColdErrorPinsItsNode()
    {
        // CPU: B 1, C 3, A 8. b1 (stopped) goes cold to A; C holds an instance in error, so it is left alone
        // (Watcher would still try to move it and leave C half drained); A does not fit on C.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C")],
            [Vm("a1", "A", 100, vcpus: 8), Vm("b1", "B", 50, state: InstanceState.Stopped), Vm("c1", "C", 30, vcpus: 10, state: InstanceState.Error)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate cold b1 B->A", "service B disabled watcher_disabled"], Describe(result));
        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
    }

    [Theory]
    [InlineData(true, "migrate live b1 B->C")]
    [InlineData(false, "migrate live b1 B->A")]
    public void Execute_HostRamMetric_LimitsDestinationsBeyondTheFlavorAllocation(bool withHostRam, string expectedMove)
    {
        // A has the allocation room for b1, but with host_ram_usage 30000 MB its measured RAM (30000 + 4000) would
        // exceed 32768 MB, so b1 goes to C instead. C cannot then be drained (A is nearly full), nor can A.
        var a = Node("A");
        var cluster = new ClusterModel(
            [withHostRam ? a.WithMetrics((MetricNames.HostRamUsage, 30000 * 1024)) : a, Node("B"), Node("C")],
            [Vm("a1", "A", 100, vcpus: 13, ram: 2000), Vm("b1", "B", 50, ram: 4000), Vm("c1", "C", 100, ram: 1000)]);

        var result = Run(Strategy, cluster);

        Assert.Equal([expectedMove, "service B disabled watcher_disabled"], Describe(result));
    }

    [Fact]
    public void Execute_DisabledNodeWithRoom_IsNotReenabledAndAnEmptyEnabledNodeIsDisabled()
    {
        // D's instance only fits on C, which is disabled: Watcher would enable C; here C is never a destination.
        // B is empty and enabled: Watcher disables it and counts it as released.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C", status: ServiceStatus.Disabled, reason: "ops"), Node("D", vcpus: 8)],
            [Vm("a1", "A", 100, vcpus: 14), Vm("c1", "C", 100, vcpus: 8), Vm("d1", "D", 100, vcpus: 4)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["service B disabled watcher_disabled"], Describe(result));
        Assert.Equal(4, Indicator(result, "compute_nodes_count"));
        Assert.Equal(1, Indicator(result, "released_compute_nodes_count"));
        Assert.Equal(0, Indicator(result, "instance_migrations_count"));
    }

    [Fact]
    public void Execute_ExcludedInstance_PinsItsNodeWhichMayStillReceive()
    {
        // B cannot be drained (b1 is excluded). A, above it, has no node above: B, kept, takes its instance.
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Vm("a1", "A", 100, vcpus: 8), Vm("b1", "B", 50) with { WatcherExclude = true }]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a1 A->B", "service A disabled watcher_disabled"], Describe(result));
    }

    [Fact]
    public void Headroom_MissingMetrics_FallBackAsWatcher()
    {
        // i1 has no metric: all its vCPUs, its flavor RAM and disk. i2: RAM from instance_ram_allocated.
        // i3: measured values (0 % CPU counts as 0, where Watcher would count all vCPUs).
        var node = Node("N").WithMetrics((MetricNames.HostCpuUsage, 50), (MetricNames.HostRamUsage, 10240));
        var i1 = TestClusters.Vm("i1", "N", vcpus: 4, memoryMb: 4096, diskGb: 40);
        var i2 = TestClusters.Vm("i2", "N", vcpus: 4, memoryMb: 4096, diskGb: 40).WithMetrics((MetricNames.InstanceCpuUsage, 25), (MetricNames.InstanceRamAllocated, 2048));
        var i3 = TestClusters.Vm("i3", "N", vcpus: 4, memoryMb: 4096, diskGb: 40)
            .WithMetrics((MetricNames.InstanceCpuUsage, 0), (MetricNames.InstanceRamUsage, 1000), (MetricNames.InstanceRamAllocated, 2048), (MetricNames.InstanceRootDiskSize, 10));
        var cluster = new ClusterModel([node], [i1, i2, i3]);
        var model = new VmWorkloadHeadroom(cluster, new ModelMetricsView(cluster));
        var check = new double[4];
        var consume = new double[4];
        var headroom = new double[4];

        model.Demand(i1, check, consume);
        Assert.Equal([4, 4096, 4096, 40], check);
        model.Demand(i2, check, consume);
        Assert.Equal([1, 2048, 2048, 40], check);
        Assert.Equal([1, 2048, 4096, 40], consume);
        model.Demand(i3, check, consume);
        Assert.Equal([0, 1000, 1000, 10], check);

        // CPU: max(4 + 1 + 0, 50 % of 16) = 8; RAM: 4096 + 2048 + 1000 by instances, 10 MB by host metric; disk 90.
        model.Headroom(node, headroom);
        Assert.Equal([16 - 8, 32768 - 7144, 32768 - 10, 500 - 90], headroom);
    }

    [Theory]
    [InlineData("{\"period\": -5}", "period")]
    [InlineData("{\"granularity\": \"5m\"}", "granularity")]
    [InlineData("{\"aggregation_method\": {\"instance\": \"mean\"}}", "aggregation_method")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, new ClusterModel([Node("A")], []), JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_IsDiscoveredWithWatcherNameGoalAndMetrics()
    {
        var strategy = StrategyRegistry.Default.Find("vm_workload_consolidation");

        Assert.IsType<VmWorkloadConsolidationStrategy>(strategy);
        Assert.Equal(GoalCatalog.ServerConsolidation, strategy.GoalName);
        Assert.Equal(6, strategy.RequiredMetrics.Count);
        Assert.Equal(["period", "granularity", "avoid_coinciding_peaks", "peak_coincidence"], strategy.Parameters.Names);
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

        var (released, baseline) = AssertAtLeastFirstFitDecreasing(cluster, result, InstanceMobility.CanMigrate);
        output.WriteLine($"{hosts} hosts, {cluster.Instances.Count} instances, seed {seed}: vm_workload_consolidation released {released}, first-fit-decreasing {baseline}");
    }

    [Fact]
    public void Execute_TwoThousandHosts_PlanVerifierFindsNothing()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 7);
        var watch = Stopwatch.StartNew();

        var result = Strategy.Execute(new StrategyContext(cluster, Strategy.Parameters.Resolve(null, Strategy.Name)));

        output.WriteLine($"vm_workload_consolidation on 2000 hosts / 8000 instances: {watch.ElapsedMilliseconds} ms, {result.Actions.Count} actions");
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        Assert.NotEmpty(result.Actions);
    }
}
