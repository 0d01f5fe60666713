using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Actions;

/// <summary>The resize definition: pre-condition, effect, recorded flavor, revert, and the verifier's replay of a resize plan.</summary>
public sealed class ResizeDefinitionTests
{
    private static readonly Flavor Small = new() { Id = "2", Name = "m1.small", VCpus = 1, MemoryMb = 2048, DiskGb = 20 };
    private static readonly Flavor Medium = new() { Id = "3", Name = "m1.medium", VCpus = 2, MemoryMb = 4096, DiskGb = 40 };
    private static readonly Flavor Large = new() { Id = "4", Name = "m1.large", VCpus = 4, MemoryMb = 8192, DiskGb = 80 };
    private static readonly ResizeDefinition Resize = new();

    /// <summary>Host A (4 vCPU, 16 GB, 200 GB) runs vm (m1.medium); the catalogue has small, medium and large.</summary>
    private static ClusterModel Cluster(int hostVcpus = 4) => new(
        [Node("A", vcpus: hostVcpus, memoryMb: 16384, diskGb: 200)],
        [Vm("vm", "A", vcpus: 2, memoryMb: 4096, diskGb: 40) with { Flavor = Medium.Name }],
        flavors: [Small, Medium, Large]);

    private static JsonObject Input(string flavor) => new() { ["resource_id"] = "uuid-vm", ["flavor"] = flavor };

    [Fact]
    public void CheckPrecondition_NoFlavorCatalogue_RefusesNamingTheMissingCatalogue()
    {
        var state = new ClusterState(new ClusterModel([Node("A")], [Vm("vm", "A")]));

        var ex = Assert.Throws<ActionPreconditionException>(() => Resize.CheckPrecondition(state, Input("m1.large")));

        Assert.Contains("no flavor catalogue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPrecondition_UnknownFlavor_Refuses()
    {
        var ex = Assert.Throws<ActionPreconditionException>(() => Resize.CheckPrecondition(new ClusterState(Cluster()), Input("m1.huge")));

        Assert.Contains("m1.huge", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPrecondition_HostWithoutRoomForTheGrowth_Refuses()
    {
        // medium -> large needs 2 more vCPUs; the host has 3 and uses 2.
        var ex = Assert.Throws<ActionPreconditionException>(() => Resize.CheckPrecondition(new ClusterState(Cluster(hostVcpus: 3)), Input("m1.large")));

        Assert.Contains("no room", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPrecondition_ShrinkOnAFullHost_Passes()
    {
        var state = new ClusterState(Cluster(hostVcpus: 2));

        Resize.CheckPrecondition(state, Input("m1.small"));

        Assert.False(Resize.IsApplied(state, Input("m1.small")));
    }

    [Fact]
    public void CheckPrecondition_PausedInstance_Refuses()
    {
        var cluster = Cluster();
        var state = new ClusterState(cluster.WithInstance(cluster.Instances[0] with { State = InstanceState.Paused }));

        Assert.Throws<ActionPreconditionException>(() => Resize.CheckPrecondition(state, Input("m1.large")));
    }

    [Fact]
    public void Apply_ByFlavorId_ChangesSizeFlavorAndHostUsage()
    {
        var state = new ClusterState(Cluster());

        Resize.Apply(state, Input("4"));

        var vm = state.FindInstance("uuid-vm")!;
        Assert.Equal((4, 8192, 80, "m1.large"), (vm.VCpus, vm.MemoryMb, vm.DiskGb, vm.Flavor));
        Assert.Equal(new Resources(4, 8192, 80), state.Used("uuid-A"));
        Assert.True(Resize.IsApplied(state, Input("4")));
        Assert.True(Resize.IsApplied(state, Input("m1.large")));
    }

    [Fact]
    public void Apply_Twice_SameStateAsOnce()
    {
        var once = new ClusterState(Cluster());
        Resize.Apply(once, Input("m1.large"));
        var twice = new ClusterState(Cluster());
        Resize.Apply(twice, Input("m1.large"));

        Resize.Apply(twice, Input("m1.large"));

        Assert.Equal(WatcherJson.Serialize(once.ToModel()), WatcherJson.Serialize(twice.ToModel()));
        Assert.Equal(once.Used("uuid-A"), twice.Used("uuid-A"));
    }

    [Fact]
    public void Revert_AfterApply_RestoresTheRecordedFlavorAndSize()
    {
        var original = Cluster();
        var state = new ClusterState(original);
        var recorded = Resize.CaptureRevertData(state, Input("m1.large"));
        Resize.Apply(state, Input("m1.large"));
        Assert.False(Resize.IsReverted(state, Input("m1.large"), recorded));

        Resize.Revert(state, Input("m1.large"), recorded);

        Assert.Equal(WatcherJson.Serialize(original), WatcherJson.Serialize(state.ToModel()));
        Assert.Equal(new Resources(2, 4096, 40), state.Used("uuid-A"));
        Assert.True(Resize.IsReverted(state, Input("m1.large"), recorded));
        Assert.Equal(original.Flavors, state.ToModel().Flavors);
    }

    [Fact]
    public void Revert_Twice_SameStateAsOnce()
    {
        var state = new ClusterState(Cluster());
        var recorded = Resize.CaptureRevertData(state, Input("m1.large"));
        Resize.Apply(state, Input("m1.large"));
        Resize.Revert(state, Input("m1.large"), recorded);
        var once = state.FindInstance("uuid-vm");

        Resize.Revert(state, Input("m1.large"), recorded);

        Assert.Equal(once, state.FindInstance("uuid-vm"));
        Assert.Equal(new Resources(2, 4096, 40), state.Used("uuid-A"));
    }

    [Fact]
    public void Revert_NotApplied_ChangesNothing()
    {
        var state = new ClusterState(Cluster());
        var recorded = Resize.CaptureRevertData(state, Input("m1.large"));

        Assert.True(Resize.IsReverted(state, Input("m1.large"), recorded));
        Resize.Revert(state, Input("m1.large"), recorded);
        Resize.Revert(state, Input("m1.large"), null);

        Assert.False(state.IsChanged);
    }

    [Fact]
    public void Revert_HostFilledSinceTheShrink_FailsForLackOfRoom()
    {
        // A has 2 vCPUs: vm shrinks from medium (2) to small (1), then another instance takes the freed vCPU.
        var cluster = new ClusterModel(
            [Node("A", vcpus: 2), Node("B")],
            [Vm("vm", "A", vcpus: 2, memoryMb: 4096, diskGb: 40) with { Flavor = Medium.Name }, Vm("other", "B", vcpus: 1, memoryMb: 512, diskGb: 1)],
            flavors: [Small, Medium, Large]);
        var state = new ClusterState(cluster);
        var recorded = Resize.CaptureRevertData(state, Input("m1.small"));
        Resize.Apply(state, Input("m1.small"));
        state.SetInstance(state.FindInstance("uuid-other")! with { HostUuid = "uuid-A" });

        var ex = Assert.Throws<ActionFailedException>(() => Resize.Revert(state, Input("m1.small"), recorded));

        Assert.Contains("no room", ex.Message, StringComparison.Ordinal);
        Assert.Equal("m1.small", state.FindInstance("uuid-vm")!.Flavor);
    }

    [Fact]
    public void Verify_ResizeThenMigrate_ReplaysTheNewSize()
    {
        // vm grows to large (4 vCPU) on A, then moves to B, which has 3 vCPUs: the verifier sees the new size.
        var cluster = new ClusterModel(
            [Node("A", vcpus: 8), Node("B", vcpus: 3)],
            [Vm("vm", "A", vcpus: 2, memoryMb: 4096, diskGb: 40) with { Flavor = Medium.Name }],
            flavors: [Small, Medium, Large]);
        ProposedAction resize = new(ActionTypes.Resize, Input("m1.large"));
        var migrate = ActionFactory.Migrate(cluster.Instances[0], cluster.Hosts[0], cluster.Hosts[1], "live");

        Assert.Empty(PlanVerifier.Verify(cluster, [resize]));
        Assert.Empty(PlanVerifier.Verify(cluster, [migrate]));
        var problems = PlanVerifier.Verify(cluster, [resize, migrate]);

        Assert.Contains(problems, p => p.Contains("no room", StringComparison.Ordinal));
    }
}
