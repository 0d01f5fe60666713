using System.Text.Json.Nodes;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Actions;

/// <summary>The SKIPPED verdict of action definitions: a PENDING action whose effect is in place, or whose resource is gone, is not needed.</summary>
public sealed class NotNeededReasonTests
{
    private static readonly ClusterState Cluster = new(new ClusterModel(
        [Node("n1"), Node("n2"), Node("n3", status: ServiceStatus.Disabled, reason: "maintenance")],
        [Vm("vm1", "n1"), Vm("vm2", "n2", state: InstanceState.Stopped)]));

    private static JsonObject Migrate(string instance, string source, string destination) => new()
    {
        ["resource_id"] = instance, ["migration_type"] = "live", ["source_node"] = source, ["destination_node"] = destination,
    };

    [Fact]
    public void NotNeededReason_MigrationStillToDo_IsNull() =>
        Assert.Null(new MigrateDefinition().NotNeededReason(Cluster, Migrate("uuid-vm1", "n1", "n2")));

    [Fact]
    public void NotNeededReason_InstanceAlreadyOnDestination_NamesIt() =>
        Assert.Equal("Instance uuid-vm1 is already on n1.", new MigrateDefinition().NotNeededReason(Cluster, Migrate("uuid-vm1", "n2", "n1")));

    [Fact]
    public void NotNeededReason_InstanceDeleted_SaysItNoLongerExists() =>
        Assert.Equal("Instance uuid-gone no longer exists.", new MigrateDefinition().NotNeededReason(Cluster, Migrate("uuid-gone", "n1", "n2")));

    [Theory]
    [InlineData("uuid-vm2", "Instance uuid-vm2 is already stopped.")]
    [InlineData("uuid-gone", "Instance uuid-gone no longer exists.")]
    [InlineData("uuid-vm1", null)]
    public void NotNeededReason_Stop_SkipsStoppedOrDeletedInstances(string instance, string? expected) =>
        Assert.Equal(expected, new StopDefinition().NotNeededReason(Cluster, new JsonObject { ["resource_id"] = instance }));

    [Theory]
    [InlineData("n3", "disabled", "maintenance", "The compute service of n3 is already disabled.")]
    [InlineData("n3", "disabled", "another reason", null)]
    [InlineData("n1", "enabled", null, "The compute service of n1 is already enabled.")]
    [InlineData("n1", "disabled", "maintenance", null)]
    [InlineData("missing", "disabled", "maintenance", null)]
    public void NotNeededReason_ServiceState_SkipsWhenAlreadyInTargetState(string node, string state, string? reason, string? expected) =>
        Assert.Equal(expected, new ChangeNovaServiceStateDefinition().NotNeededReason(
            Cluster, new JsonObject { ["resource_id"] = node, ["state"] = state, ["disabled_reason"] = reason }));

    [Fact]
    public void NotNeededReason_ActionWithoutClusterEffect_IsAlwaysNeeded() =>
        Assert.Null(new NopDefinition().NotNeededReason(Cluster, new JsonObject { ["message"] = "hi" }));

    [Fact]
    public void Skip_PendingAction_IsSkippedWithReason()
    {
        var action = new WatcherAction { Uuid = "a", ActionPlanUuid = "p", ActionType = "migrate" };

        var skipped = action.Skip("Instance uuid-vm1 is already on n1.", DateTimeOffset.UnixEpoch);

        Assert.Equal(ActionState.Skipped, skipped.State);
        Assert.Equal("Instance uuid-vm1 is already on n1.", skipped.StatusMessage);
    }

    [Fact]
    public void Skip_OngoingAction_IsRefused()
    {
        var action = new WatcherAction { Uuid = "a", ActionPlanUuid = "p", ActionType = "migrate", State = ActionState.Ongoing };

        Assert.Throws<InvalidStateTransitionException>(() => action.Skip("late", DateTimeOffset.UnixEpoch));
    }
}
