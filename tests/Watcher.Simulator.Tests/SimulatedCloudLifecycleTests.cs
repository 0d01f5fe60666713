using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using static Watcher.Testing.TestClusters;

namespace Watcher.Simulator.Tests;

/// <summary>Fault rules by phase, reset and the execution log of the simulated cloud, on a small hand-built cluster.</summary>
public sealed class SimulatedCloudLifecycleTests
{
    private const string Vm1 = "uuid-vm1";
    private const string NodeA = "uuid-a";
    private const string NodeB = "uuid-b";

    /// <summary>Two 16-vCPU nodes; vm1 and vm2 on a, b empty.</summary>
    private static ClusterModel TwoNodes() => new(
        [Node("a"), Node("b")],
        [Vm("vm1", "a") with { Metrics = new Dictionary<string, double> { ["instance_cpu_usage"] = 50 } }, Vm("vm2", "a")]);

    private static async Task<SimulatedCloud> CloudAsync(ClusterModel? cluster = null)
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 4, Instances = 10, Seed = 7 });
        await cloud.ResetAsync(cluster ?? TwoNodes());
        return cloud;
    }

    [Fact]
    public async Task SetFaults_RevertPhaseRule_ExecuteSucceedsAndRevertFails()
    {
        var cloud = await CloudAsync();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Phase = "revert" }]);

        await cloud.MigrateAsync(Vm1, NodeB, live: true, "op:execute");
        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.RevertMigrateAsync(Vm1, NodeA, NodeB, "op:revert"));

        Assert.Equal(NodeB, (await cloud.GetClusterAsync()).FindInstance(Vm1)!.HostUuid);
    }

    [Fact]
    public async Task SetFaults_ExecutePhaseRule_RevertsPassAndExecuteFails()
    {
        var cloud = await CloudAsync(new ClusterModel([Node("a"), Node("b")], [Vm("vm1", "b"), Vm("vm2", "a")]));
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1 }]);

        await cloud.RevertMigrateAsync(Vm1, NodeA, NodeB, "earlier:revert");
        Assert.Equal(NodeA, (await cloud.GetClusterAsync()).FindInstance(Vm1)!.HostUuid);

        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(Vm1, NodeB, live: true, "op:execute"));
        Assert.Equal(NodeA, (await cloud.GetClusterAsync()).FindInstance(Vm1)!.HostUuid);
    }

    [Fact]
    public async Task SetFaults_AnyPhaseRule_FailsFirstExecuteAndFirstRevertOnly()
    {
        var cloud = await CloudAsync(new ClusterModel([Node("a"), Node("b")], [Vm("vm1", "a"), Vm("vm2", "b")]));
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Phase = "any" }]);

        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(Vm1, NodeB, live: true, "first:execute"));
        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.RevertMigrateAsync("uuid-vm2", NodeA, NodeB, "first:revert"));
        await cloud.MigrateAsync(Vm1, NodeB, live: true, "second:execute");

        var cluster = await cloud.GetClusterAsync();
        Assert.Equal(NodeB, cluster.FindInstance(Vm1)!.HostUuid);
        Assert.Equal(NodeB, cluster.FindInstance("uuid-vm2")!.HostUuid);
    }

    [Fact]
    public async Task ResetAsync_AfterOperationsAndFaults_RestoresGeneratedClusterAndClearsLogKeysAndFaults()
    {
        var options = new SimulatorOptions { Hosts = 4, Instances = 10, Seed = 7 };
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), options);
        var initial = WatcherJson.Serialize(await cloud.GetClusterAsync());
        var generated = ClusterGenerator.Generate(options.Hosts, options.Instances, options.Seed);
        var instance = generated.Instances.First(i => i.State == InstanceState.Active);
        var other = generated.Hosts.First(h => h.Uuid != instance.HostUuid);
        await cloud.SetServiceStateAsync(other.Uuid, ServiceStatus.Disabled, "maintenance", "k");
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = "*", Occurrence = 3 }]);

        await cloud.ResetAsync();

        var state = await cloud.GetStateAsync();
        Assert.Equal(initial, WatcherJson.Serialize(state.Cluster));
        Assert.Empty(state.Executions);
        Assert.Empty(state.AppliedKeys);
        Assert.Empty(state.Faults);
        await cloud.SetServiceStateAsync(other.Uuid, ServiceStatus.Disabled, "maintenance", "k");
        Assert.Single((await cloud.GetStateAsync()).Executions, e => e.OperationKey == "k");
    }

    [Fact]
    public async Task ResetAsync_GivenCluster_ReplacesClusterAndDerivesHostMetrics()
    {
        var cloud = await CloudAsync();

        var cluster = await cloud.GetClusterAsync();

        Assert.Equal(["a", "b"], cluster.Hosts.Select(h => h.Hostname));
        Assert.Equal(2, cluster.InstancesOn(NodeA).Count);
        // vm1: 2 vCPUs at 50% on a 16-vCPU node = 6.25%; vm2 reports no usage; b is empty.
        Assert.Equal(6.25, cluster.FindNode(NodeA)!.Metrics[MetricNames.HostCpuUsage]);
        Assert.Equal(0, cluster.FindNode(NodeB)!.Metrics[MetricNames.HostCpuUsage]);
    }

    [Fact]
    public async Task MigrateAsync_MovesUsage_HostMetricsFollowTheInstance()
    {
        var cloud = await CloudAsync();

        await cloud.MigrateAsync(Vm1, NodeB, live: true, "op:execute");

        var cluster = await cloud.GetClusterAsync();
        Assert.Equal(0, cluster.FindNode(NodeA)!.Metrics[MetricNames.HostCpuUsage]);
        Assert.Equal(6.25, cluster.FindNode(NodeB)!.Metrics[MetricNames.HostCpuUsage]);
    }

    [Fact]
    public async Task Executions_AppliedOperations_LoggedInOrderWithKeyTypeTargetAndTime()
    {
        var cloud = await CloudAsync();
        var before = DateTimeOffset.UtcNow;

        await cloud.MigrateAsync(Vm1, NodeB, live: true, "k1");
        await cloud.SetServiceStateAsync(NodeA, ServiceStatus.Disabled, "maintenance", "k2");

        var after = DateTimeOffset.UtcNow;
        var log = (await cloud.GetStateAsync()).Executions;
        Assert.Equal(["k1", "k2"], log.Select(e => e.OperationKey));
        Assert.Equal([ActionTypes.Migrate, ActionTypes.ChangeNovaServiceState], log.Select(e => e.Operation));
        Assert.Equal([Vm1, NodeA], log.Select(e => e.Target));
        Assert.All(log, e => Assert.InRange(e.At, before, after));
        Assert.All(log, e => Assert.False(string.IsNullOrWhiteSpace(e.Detail)));
    }

    [Fact]
    public async Task Executions_FailedOperations_AreNotLogged()
    {
        var cloud = await CloudAsync(new ClusterModel(
            [Node("a"), Node("b", vcpus: 2) with { VCpuRatio = 1, VCpuReserved = 0 }],
            [Vm("vm1", "a", vcpus: 4), Vm("vm2", "a")]));
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.ChangeNovaServiceState, Occurrence = 1 }]);

        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.SetServiceStateAsync(NodeB, ServiceStatus.Disabled, null, "faulted"));
        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(Vm1, NodeB, live: true, "no-room"));
        await cloud.MigrateAsync("uuid-vm2", NodeB, live: false, "ok");

        var state = await cloud.GetStateAsync();
        Assert.Equal(["ok"], state.Executions.Select(e => e.OperationKey));
        Assert.Equal(["ok"], state.AppliedKeys);
    }
}
