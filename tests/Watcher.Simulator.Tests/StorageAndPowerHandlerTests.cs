using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator.Tests;

/// <summary>The volume_migrate and change_node_power_state handlers against the simulator: execute, post-condition, revert.</summary>
public sealed class StorageAndPowerHandlerTests
{
    private static async Task<SimulatedCloud> CloudAsync()
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 12, Instances = 30, Seed = 4 });
        await cloud.EnsureInitializedAsync();
        return cloud;
    }

    private static WatcherAction Action(Watcher.Domain.Strategies.ProposedAction proposed) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        ActionPlanUuid = "plan",
        ActionType = proposed.ActionType,
        InputParameters = proposed.InputParameters,
    };

    private static async Task<ActionContext> ContextAsync(SimulatedCloud cloud, WatcherAction action) =>
        new(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);

    [Fact]
    public async Task VolumeMigrate_ExecuteThenRevert_MovesVolumeAndCapacityBack()
    {
        var cloud = await CloudAsync();
        var cluster = await cloud.GetClusterAsync();
        var volume = cluster.Volumes[0];
        var destination = cluster.StoragePools.First(p => p.Name != volume.Pool && p.FreeCapacityGb >= volume.Size);
        var handler = cloud.Registry().Get(ActionTypes.VolumeMigrate);
        var action = Action(VolumeActionFactory.Migrate(volume, destination.Name));
        var before = await ContextAsync(cloud, action);
        handler.CheckPrecondition(before);
        var revert = handler.CaptureRevertData(before);

        await handler.ExecuteAsync(before);

        var after = await ContextAsync(cloud, action);
        handler.CheckPostcondition(after);
        Assert.Equal(destination.FreeCapacityGb - volume.Size, after.Cluster.FindPool(destination.Name)!.FreeCapacityGb);
        await handler.RevertAsync(after, revert);
        var reverted = await cloud.GetClusterAsync();
        Assert.Equal(volume.Pool, reverted.FindVolume(volume.Uuid)!.Pool);
        Assert.Equal(WatcherJson.Serialize(cluster.StoragePools), WatcherJson.Serialize(reverted.StoragePools));
    }

    [Fact]
    public async Task ChangeNodePowerState_NodeWithInstances_PreconditionRefusesPowerOff()
    {
        var cloud = await CloudAsync();
        var cluster = await cloud.GetClusterAsync();
        var busy = cluster.Hosts.First(h => cluster.InstancesOn(h.Uuid).Count > 0);
        var handler = cloud.Registry().Get(ActionTypes.ChangeNodePowerState);

        var ex = Assert.Throws<ActionPreconditionException>(() =>
            handler.CheckPrecondition(new ActionContext(Action(PowerActionFactory.ChangeNodePowerState(busy, NodePowerState.Off)), cloud, cluster, CancellationToken.None)));

        Assert.Contains(busy.Hostname, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeNodePowerState_EmptyNode_PowersOffAndRevertPowersOn()
    {
        var cloud = await CloudAsync();
        var cluster = await cloud.GetClusterAsync();
        var empty = cluster.Hosts.First(h => cluster.InstancesOn(h.Uuid).Count == 0);
        var handler = cloud.Registry().Get(ActionTypes.ChangeNodePowerState);
        var action = Action(PowerActionFactory.ChangeNodePowerState(empty, NodePowerState.Off));
        var before = await ContextAsync(cloud, action);
        var revert = handler.CaptureRevertData(before);

        await handler.ExecuteAsync(before);
        var after = await ContextAsync(cloud, action);
        handler.CheckPostcondition(after);
        Assert.Equal(NodeState.Down, after.Cluster.FindNode(empty.Uuid)!.State);

        await handler.RevertAsync(after, revert);
        Assert.Equal(NodePowerState.On, (await cloud.GetClusterAsync()).FindNode(empty.Uuid)!.PowerState);
    }
}
