using System.Diagnostics;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator.Tests;

/// <summary>Hang faults slow an operation down; aborting an operation waiting in a delay fails it without applying it.</summary>
public sealed class SimulatedCloudAbortTests
{
    private static async Task<(SimulatedCloud Cloud, Instance Instance, ComputeNode Target)> CreateAsync(int operationDelayMs = 0)
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 4, Instances = 10, Seed = 7, OperationDelayMs = operationDelayMs });
        var cluster = await cloud.GetClusterAsync();
        var instance = cluster.Instances.First(i => i.State == InstanceState.Active);
        var target = cluster.Hosts.First(h => h.Uuid != instance.HostUuid && instance.Demand.FitsIn(h.Capacity - cluster.UsedOn(h.Uuid)));
        return (cloud, instance, target);
    }

    [Fact]
    public async Task SetFaults_HangFault_DelaysThenApplies()
    {
        var (cloud, instance, target) = await CreateAsync();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Times = 1, DelayMs = 400 }]);
        var clock = Stopwatch.StartNew();

        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "m1");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"took {clock.Elapsed}");
        Assert.Equal(target.Uuid, (await cloud.GetClusterAsync()).FindInstance(instance.Uuid)!.HostUuid);
        Assert.Equal(1, Assert.Single((await cloud.GetStatusAsync()).Faults).Fired);
    }

    [Fact]
    public async Task Abort_OperationInHangFault_FailsItWithoutApplying()
    {
        var (cloud, instance, target) = await CreateAsync();
        await cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Times = 1, DelayMs = 60_000 }]);
        var migration = cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "m1:execute");
        while (!cloud.Abort("m1:execute"))
        {
            Assert.False(migration.IsCompleted, "the migration must still hang");
            await Task.Delay(10);
        }

        var failure = await Assert.ThrowsAsync<ActionFailedException>(() => migration);

        Assert.Contains("aborted", failure.Message, StringComparison.Ordinal);
        Assert.Equal(instance.HostUuid, (await cloud.GetClusterAsync()).FindInstance(instance.Uuid)!.HostUuid);
    }

    [Fact]
    public async Task Abort_OperationInOperationDelay_FailsIt()
    {
        var (cloud, instance, target) = await CreateAsync(operationDelayMs: 60_000);
        var migration = cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "m2:execute");
        while (!cloud.Abort("m2:execute"))
        {
            await Task.Delay(10);
        }

        await Assert.ThrowsAsync<ActionFailedException>(() => migration);
    }

    [Fact]
    public async Task Abort_NothingWaiting_ReturnsFalse()
    {
        var (cloud, instance, target) = await CreateAsync();
        await cloud.MigrateAsync(instance.Uuid, target.Uuid, live: true, "m3:execute");

        Assert.False(cloud.Abort("m3:execute"));
    }
}
