using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using static Watcher.Testing.TestClusters;

namespace Watcher.Simulator.Tests;

/// <summary>A revert refuses to act when the cluster no longer shows what the action left (the instance moved since).</summary>
public sealed class RevertDriftTests
{
    [Fact]
    public async Task RevertMigrate_InstanceMovedElsewhereSince_RefusedAndInstanceLeftWhereItIs()
    {
        var cluster = new ClusterModel([Node("a"), Node("b"), Node("c")], [Vm("vm1", "a")]);
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 3, Instances = 1, Seed = 1 });
        await cloud.ResetAsync(cluster);
        var runner = cloud.Registry().Get(ActionTypes.Migrate);
        var action = new WatcherAction
        {
            Uuid = "m1",
            ActionPlanUuid = "p",
            ActionType = ActionTypes.Migrate,
            InputParameters = new JsonObject { ["resource_id"] = "uuid-vm1", ["migration_type"] = "live", ["source_node"] = "a", ["destination_node"] = "b" },
        };
        var before = new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);
        var revert = runner.CaptureRevertData(before);
        await runner.ExecuteAsync(before);
        await cloud.ResetAsync(cluster.WithInstance(Vm("vm1", "c")));
        var after = new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ActionPreconditionException>(() => runner.RevertAsync(after, revert));

        Assert.Contains("is on c, not on b where the action put it", ex.Message, StringComparison.Ordinal);
        Assert.Equal("uuid-c", (await cloud.GetClusterAsync()).FindInstance("uuid-vm1")!.HostUuid);
    }
}
