using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator.Tests;

/// <summary>The simulator applies each operation key once, honours capacity and fails on injected faults.</summary>
public sealed class SimulatedCloudTests
{
    private static readonly SimulatorOptions Small = new() { Hosts = 4, Instances = 10, Seed = 7 };

    private static (SimulatedCloud Cloud, InMemoryDocumentStore Store) Create()
    {
        var store = new InMemoryDocumentStore();
        return (new SimulatedCloud(store, Small), store);
    }

    private static async Task<(Instance Instance, ComputeNode Target)> MovableAsync(SimulatedCloud cloud)
    {
        var cluster = await cloud.GetClusterAsync();
        foreach (var instance in cluster.Instances.Where(i => i.State == InstanceState.Active))
        {
            var target = cluster.Hosts.FirstOrDefault(h => h.Uuid != instance.HostUuid && instance.Demand.FitsIn(h.Capacity - cluster.UsedOn(h.Uuid)));
            if (target is not null)
            {
                return (instance, target);
            }
        }

        throw new InvalidOperationException("The seeded cluster has no movable instance.");
    }

    [Fact]
    public async Task GetCluster_SameSeed_IsReproducible()
    {
        var (a, _) = Create();
        var (b, _) = Create();

        Assert.Equal(
            WatcherJson.Serialize(await a.GetClusterAsync()),
            WatcherJson.Serialize(await b.GetClusterAsync()));
    }

    [Fact]
    public async Task MigrateAsync_SameKeyTwice_AppliesOnce()
    {
        var (cloud, _) = Create();
        var (instance, target) = await MovableAsync(cloud);

        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "op-1");
        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "op-1");

        var state = await cloud.GetStateAsync();
        Assert.Equal(target.Uuid, state.Cluster.FindInstance(instance.Uuid)!.HostUuid);
        Assert.Single(state.Executions, e => e.OperationKey == "op-1");
    }

    [Fact]
    public async Task State_NewSimulatorOnSameStore_KeepsChanges()
    {
        var (cloud, store) = Create();
        var (instance, target) = await MovableAsync(cloud);
        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "op-1");

        var restarted = new SimulatedCloud(store, Small);

        Assert.Equal(target.Uuid, (await restarted.GetClusterAsync()).FindInstance(instance.Uuid)!.HostUuid);
    }

    [Fact]
    public async Task MigrateAsync_NoRoom_FailsAndChangesNothing()
    {
        var (cloud, _) = Create();
        var cluster = await cloud.GetClusterAsync();
        var host = cluster.Hosts[0];
        await cloud.ResetAsync(new ClusterModel(
            [host, host with { Uuid = "tiny", Hostname = "tiny", VCpus = 1, VCpuRatio = 1, VCpuReserved = 0 }],
            [new Instance { Uuid = "vm", Name = "vm", HostUuid = host.Uuid, VCpus = 4, MemoryMb = 1024, DiskGb = 10 }]));

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync("vm", "tiny", live: true, "op-x"));

        Assert.Contains("No valid host", ex.Message, StringComparison.Ordinal);
        Assert.Equal(host.Uuid, (await cloud.GetClusterAsync()).FindInstance("vm")!.HostUuid);
    }

    [Fact]
    public async Task SetFaults_SecondMigrate_FailsEveryAttemptOfThatOperationOnly()
    {
        var (cloud, _) = Create();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 2, Times = 0 }]);
        var (instance, target) = await MovableAsync(cloud);
        var home = instance.HostUuid;

        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "first");
        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(instance.Uuid, home, live: true, "second"));
        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(instance.Uuid, home, live: true, "second"));
        await cloud.MigrateAsync(instance.Uuid, home, live: true, "third");

        Assert.Equal(home, (await cloud.GetClusterAsync()).FindInstance(instance.Uuid)!.HostUuid);
    }

    [Fact]
    public async Task SetFaults_TransientFault_FailsOnceThenSucceeds()
    {
        var (cloud, _) = Create();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = "*", Occurrence = 1, Times = 1 }]);
        var (instance, target) = await MovableAsync(cloud);

        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "k"));
        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "k");

        Assert.Equal(target.Uuid, (await cloud.GetClusterAsync()).FindInstance(instance.Uuid)!.HostUuid);
    }

    [Fact]
    public async Task SetFaults_AnyTypeOccurrence_CountsOperationsOfAllTypes()
    {
        var (cloud, _) = Create();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = "*", Occurrence = 2 }]);
        var (instance, target) = await MovableAsync(cloud);

        await cloud.SetServiceStateAsync(target.Uuid, ServiceStatus.Disabled, "test", "first");
        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "second"));

        Assert.Contains("#2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetFaults_AfterEarlierOperations_CountsOccurrencesFromNow()
    {
        var (cloud, _) = Create();
        var (instance, target) = await MovableAsync(cloud);
        var home = instance.HostUuid;
        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "before-1");
        await cloud.MigrateAsync(instance.Uuid, home, live: true, "before-2");

        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1 }]);

        await Assert.ThrowsAsync<ActionFailedException>(() => cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "after-1"));
    }
}
