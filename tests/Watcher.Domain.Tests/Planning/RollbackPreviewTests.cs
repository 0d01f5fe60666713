using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Planning;

/// <summary>
/// The rollback preview of a drained host (disable h1, then move vm1 to h2 and vm2 to h3): waves of the reversed
/// graph, and each revert judged against the cluster as it is now, cumulatively.
/// </summary>
public sealed class RollbackPreviewTests
{
    private static readonly ActionPlan Plan = new()
    {
        Uuid = "p",
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "host_maintenance",
        Actions =
        [
            Action("disable", ActionTypes.ChangeNovaServiceState, 1, new() { ["resource_id"] = "h1", ["state"] = "disabled", ["disabled_reason"] = "watcher_maintaining" },
                new() { ["status"] = "enabled", ["disabled_reason"] = null }),
            Action("m1", ActionTypes.Migrate, 2, Migration("vm1", "h1", "h2"), new() { ["source_node_uuid"] = "uuid-h1" }, "disable"),
            Action("m2", ActionTypes.Migrate, 3, Migration("vm2", "h1", "h3"), new() { ["source_node_uuid"] = "uuid-h1" }, "disable"),
        ],
    };

    [Fact]
    public void Build_UnchangedCluster_MigrationsRevertInWaveZeroAndTheServiceAfterThem()
    {
        var preview = RollbackPreview.Build(Plan, null, After(), ActionCatalog.Default);

        Assert.Equal(["m2", "m1", "disable"], preview.Steps.Select(s => s.ActionUuid));
        Assert.Equal([0, 0, 1], preview.Steps.Select(s => s.Wave));
        Assert.Equal(["m2", "m1"], preview.Steps[2].DependsOn);
        Assert.All(preview.Steps.Take(2), s => Assert.Empty(s.DependsOn));
        Assert.All(preview.Steps, s => Assert.Equal(RevertVerdict.Ok, s.Verdict));
        Assert.True(preview.Allowed);
    }

    [Fact]
    public void Build_PartialPick_OnlyThePickedLeafInWaveZero()
    {
        var step = Assert.Single(RollbackPreview.Build(Plan, ["m1"], After(), ActionCatalog.Default).Steps);

        Assert.Equal(("m1", 0), (step.ActionUuid, step.Wave));
    }

    [Fact]
    public void Build_InstanceDeleted_DriftNamingTheInstance()
    {
        var cluster = After();
        cluster = new ClusterModel(cluster.Hosts, [.. cluster.Instances.Where(i => i.Name != "vm1")]);

        var preview = RollbackPreview.Build(Plan, null, cluster, ActionCatalog.Default);

        var drift = Assert.Single(preview.Drift);
        Assert.Equal("m1", drift.ActionUuid);
        Assert.Contains("uuid-vm1 does not exist", drift.Reason, StringComparison.Ordinal);
        Assert.False(preview.Allowed);
    }

    [Fact]
    public void Build_InstanceMovedElsewhere_DriftSaysWhereItIs()
    {
        var preview = RollbackPreview.Build(Plan, null, After(vm1On: "h3"), ActionCatalog.Default);

        var drift = Assert.Single(preview.Drift);
        Assert.Equal("m1", drift.ActionUuid);
        Assert.Contains("is on h3, not on h2 where the action put it", drift.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InstanceAlreadyBack_AlreadyRevertedNotDrift()
    {
        var preview = RollbackPreview.Build(Plan, null, After(vm1On: "h1"), ActionCatalog.Default);

        Assert.Equal(RevertVerdict.AlreadyReverted, preview.Steps.Single(s => s.ActionUuid == "m1").Verdict);
        Assert.True(preview.Allowed);
    }

    [Fact]
    public void Build_SourceHostFilledSince_SecondRevertFindsNoRoomCumulatively()
    {
        // h1 has room for two of the three small instances: vm3 arrived since, so only the first revert (m2) fits.
        var preview = RollbackPreview.Build(Plan, null, After(h1Vcpus: 4, extra: Vm("vm3", "h1")), ActionCatalog.Default);

        Assert.Equal(RevertVerdict.Ok, preview.Steps.Single(s => s.ActionUuid == "m2").Verdict);
        var drift = Assert.Single(preview.Drift);
        Assert.Equal("m1", drift.ActionUuid);
        Assert.Contains("has no room", drift.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SourceHostWithRoomForOne_OneRevertAloneIsOk()
    {
        var preview = RollbackPreview.Build(Plan, ["m1"], After(h1Vcpus: 4, extra: Vm("vm3", "h1")), ActionCatalog.Default);

        Assert.Equal(RevertVerdict.Ok, Assert.Single(preview.Steps).Verdict);
    }

    [Fact]
    public void Build_ChainThroughActionNotReverted_StillWaitsForTheSelectedDescendant()
    {
        // a -> b -> c where b was already reverted by an earlier partial rollback: a still waits for c.
        var plan = Plan with
        {
            Actions =
            [
                Action("a", ActionTypes.Nop, 1, [], null),
                Action("b", ActionTypes.Nop, 2, [], null, "a") with { State = ActionState.Reverted },
                Action("c", ActionTypes.Nop, 3, [], null, "b"),
            ],
        };

        var preview = RollbackPreview.Build(plan, null, After(), ActionCatalog.Default);

        Assert.Equal(["c", "a"], preview.Steps.Select(s => s.ActionUuid));
        Assert.Equal(["c"], preview.Steps[1].DependsOn);
        Assert.Equal(1, preview.Steps[1].Wave);
    }

    private static ClusterModel After(string vm1On = "h2", int h1Vcpus = 16, Instance? extra = null) => new(
        [Node("h1", vcpus: h1Vcpus, status: ServiceStatus.Disabled, reason: "watcher_maintaining"), Node("h2"), Node("h3")],
        [Vm("vm1", vm1On), Vm("vm2", "h3"), .. extra is null ? Array.Empty<Instance>() : [extra]]);

    private static JsonObject Migration(string vm, string from, string to) => new()
    {
        ["resource_id"] = "uuid-" + vm, ["migration_type"] = "live", ["source_node"] = from, ["destination_node"] = to,
    };

    private static WatcherAction Action(string id, string type, int sequence, JsonObject input, JsonObject? revert, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = type,
        State = ActionState.Succeeded,
        CompletionSequence = sequence,
        InputParameters = input,
        RevertData = revert,
        Parents = parents,
    };
}
