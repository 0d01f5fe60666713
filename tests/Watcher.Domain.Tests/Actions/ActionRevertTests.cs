using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Actions;

/// <summary>
/// Reverts that must be no-ops (nothing recorded: the action never started) and power changes that must never turn
/// off a host running instances, on the definitions; and the runner's revert post-condition.
/// </summary>
public sealed class ActionRevertTests
{
    private static JsonObject On(string id, string? state = null, string? reason = null)
    {
        var input = new JsonObject { ["resource_id"] = id };
        if (state is not null)
        {
            input["state"] = state;
        }

        if (reason is not null)
        {
            input["disabled_reason"] = reason;
        }

        return input;
    }

    [Fact]
    public void StopRevert_NothingRecorded_LeavesAStoppedInstanceStopped()
    {
        var state = new ClusterState(new ClusterModel([Node("A")], [Vm("vm", "A", state: InstanceState.Stopped)]));
        var stop = new StopDefinition();

        Assert.True(stop.IsReverted(state, On("uuid-vm"), null));
        stop.Revert(state, On("uuid-vm"), null);

        Assert.Equal(InstanceState.Stopped, state.FindInstance("uuid-vm")!.State);
    }

    [Fact]
    public void StopRevert_Recorded_StartsTheInstanceOnceAndAgainIsANoOp()
    {
        var state = new ClusterState(new ClusterModel([Node("A")], [Vm("vm", "A")]));
        var stop = new StopDefinition();
        var recorded = stop.CaptureRevertData(state, On("uuid-vm"));
        stop.Apply(state, On("uuid-vm"));

        stop.Revert(state, On("uuid-vm"), recorded);
        var detail = stop.Revert(state, On("uuid-vm"), recorded);

        Assert.Equal(InstanceState.Active, state.FindInstance("uuid-vm")!.State);
        Assert.Contains("already", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceStateRevert_NothingRecorded_LeavesADisabledNodeDisabled()
    {
        var state = new ClusterState(new ClusterModel([Node("A", status: ServiceStatus.Disabled, reason: "broken")], []));
        var change = new ChangeNovaServiceStateDefinition();
        var input = On("A", "enabled");

        Assert.True(change.IsReverted(state, input, null));
        change.Revert(state, input, null);

        Assert.Equal((ServiceStatus.Disabled, "broken"), (state.FindNode("A")!.Status, state.FindNode("A")!.DisabledReason));
    }

    [Fact]
    public void PowerRevert_NothingRecorded_LeavesAnOffNodeOff()
    {
        var state = new ClusterState(new ClusterModel([Node("A") with { PowerState = NodePowerState.Off, State = NodeState.Down }], []));
        var power = new ChangeNodePowerStateDefinition();

        Assert.True(power.IsReverted(state, On("A", "on"), null));
        power.Revert(state, On("A", "on"), null);

        Assert.Equal(NodePowerState.Off, state.FindNode("A")!.PowerState);
    }

    [Fact]
    public void PowerOffApply_NodeRunningInstances_RefusesAndLeavesItOn()
    {
        var state = new ClusterState(new ClusterModel([Node("A") with { PowerState = NodePowerState.On }], [Vm("vm", "A")]));
        var power = new ChangeNodePowerStateDefinition();

        Assert.Throws<ActionPreconditionException>(() => power.CheckPrecondition(state, On("A", "off")));
        Assert.Throws<ActionFailedException>(() => power.Apply(state, On("A", "off")));

        Assert.Equal((NodePowerState.On, NodeState.Up), (state.FindNode("A")!.PowerState, state.FindNode("A")!.State));
    }

    [Fact]
    public void PowerOnRevert_InstancesLandedSince_RefusesToPowerOff()
    {
        var state = new ClusterState(new ClusterModel(
            [Node("A") with { PowerState = NodePowerState.Off, State = NodeState.Down }, Node("B")],
            [Vm("vm", "B")]));
        var power = new ChangeNodePowerStateDefinition();
        var recorded = power.CaptureRevertData(state, On("A", "on"));
        power.Apply(state, On("A", "on"));
        state.SetInstance(state.FindInstance("uuid-vm")! with { HostUuid = "uuid-A" });

        Assert.Throws<ActionFailedException>(() => power.Revert(state, On("A", "on"), recorded));

        Assert.Equal(NodePowerState.On, state.FindNode("A")!.PowerState);
    }

    [Fact]
    public void AcpiS3Apply_NodeRunningInstances_Refuses()
    {
        var state = new ClusterState(new ClusterModel([Node("A")], [Vm("vm", "A")]));
        var suspend = new TurnHostToAcpiS3StateDefinition();

        Assert.Throws<ActionPreconditionException>(() => suspend.CheckPrecondition(state, On("A")));
        Assert.Throws<ActionFailedException>(() => suspend.Apply(state, On("A")));
    }

    [Fact]
    public async Task RunnerRevert_CloudLeavesTheEffectInPlace_FailsThePostcondition()
    {
        // The cloud reports success for the revert but the instance stays stopped.
        var cloud = new FixedCloud(new ClusterModel([Node("A")], [Vm("vm", "A", state: InstanceState.Stopped)]));
        var runner = new ActionRegistry(ActionCatalog.Default, [new DoNothingHandler()], cloud).Get(ActionTypes.Stop);
        var action = new WatcherAction { Uuid = "a1", ActionPlanUuid = "p1", ActionType = ActionTypes.Stop, InputParameters = On("uuid-vm") };
        var context = new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => runner.RevertAsync(context, new JsonObject { ["state"] = InstanceState.Active }));

        Assert.Contains("does not show it undone", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A cloud whose cluster never changes.</summary>
    private sealed class FixedCloud(ClusterModel cluster) : ICloud
    {
        public string Name => "fixed";

        public Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(cluster);
    }

    /// <summary>A stop handler that reports success without doing anything.</summary>
    private sealed class DoNothingHandler : IActionHandler
    {
        public string ActionType => ActionTypes.Stop;

        public string Cloud => "fixed";

        public Task ExecuteAsync(ActionContext context) => Task.CompletedTask;

        public Task RevertAsync(ActionContext context, JsonObject? revertData) => Task.CompletedTask;
    }
}
