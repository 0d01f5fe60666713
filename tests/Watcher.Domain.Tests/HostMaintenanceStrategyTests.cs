using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests;

/// <summary>host_maintenance scenarios whose expected plans follow Watcher's documented algorithm.</summary>
public sealed class HostMaintenanceStrategyTests
{
    private static readonly HostMaintenanceStrategy Strategy = new();

    private static StrategyResult Run(ClusterModel cluster, JsonObject parameters, AuditScope? scope = null) =>
        Strategy.Execute(new StrategyContext(cluster, Strategy.Parameters.Resolve(parameters, Strategy.Name), scope));

    private static string Describe(ProposedAction a) => a.ActionType switch
    {
        ActionTypes.Migrate => $"migrate {a.InputParameters["migration_type"]} {a.InputParameters["resource_name"]} {a.InputParameters["source_node"]}->{a.InputParameters["destination_node"]}",
        ActionTypes.ChangeNovaServiceState => $"service {a.InputParameters["resource_name"]} {a.InputParameters["state"]} {a.InputParameters["disabled_reason"]}".TrimEnd(),
        ActionTypes.Stop => $"stop {a.InputParameters["resource_name"]}",
        _ => a.ActionType,
    };

    [Fact]
    public void Execute_BackupFitsAll_EnablesBackupDisablesNodeAndMovesEverythingToBackup()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", status: ServiceStatus.Disabled, reason: "spare"), Node("C")],
            [Vm("i1", "A"), Vm("i2", "A", state: InstanceState.Stopped), Vm("i3", "C")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["backup_node"] = "B" });

        Assert.Equal(
            ["service B enabled", "service A disabled watcher_maintaining", "migrate live i1 A->B", "migrate cold i2 A->B"],
            result.Actions.Select(Describe).ToArray());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Execute_NoBackup_MovesEachInstanceToBestFittingEnabledNode()
    {
        // B has 4 vCPU free after use, C has 14: best fit (least slack) for a 2-vCPU VM is B, then B is full-ish.
        var cluster = new ClusterModel(
            [Node("A"), Node("B", vcpus: 8), Node("C"), Node("D", status: ServiceStatus.Disabled)],
            [Vm("big", "A", vcpus: 4, memoryMb: 8192), Vm("small", "A"), Vm("b1", "B", vcpus: 4, memoryMb: 8192), Vm("c1", "C")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A" });

        Assert.Equal(
            ["service A disabled watcher_maintaining", "migrate live big A->B", "migrate live small A->C"],
            result.Actions.Select(Describe).ToArray());
        Assert.Equal(2, result.EfficacyIndicators.Single(i => i.Name == "instance_migrations_count").Value);
    }

    [Fact]
    public void Execute_BackupTooSmall_FallsBackPerInstanceAndPrefersBackupWhileItFits()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", vcpus: 4, memoryMb: 8192), Node("C", vcpus: 32, memoryMb: 65536)],
            [Vm("x", "A", vcpus: 4, memoryMb: 8192), Vm("y", "A", vcpus: 2, memoryMb: 4096)]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["backup_node"] = "B" });

        Assert.Equal(
            ["service A disabled watcher_maintaining", "migrate live x A->B", "migrate live y A->C"],
            result.Actions.Select(Describe).ToArray());
    }

    [Fact]
    public void Execute_InstanceFitsNowhere_IsReportedNotDropped()
    {
        var cluster = new ClusterModel(
            [Node("A", vcpus: 64, memoryMb: 131072), Node("B", vcpus: 4, memoryMb: 8192)],
            [Vm("huge", "A", vcpus: 32, memoryMb: 65536), Vm("tiny", "A", vcpus: 1, memoryMb: 1024)]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A" });

        Assert.Equal(["service A disabled watcher_maintaining", "migrate live tiny A->B"], result.Actions.Select(Describe).ToArray());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("huge", warning, StringComparison.Ordinal);
        Assert.Equal(1, result.EfficacyIndicators.Single(i => i.Name == "unplaced_instances_count").Value);
    }

    [Fact]
    public void Execute_LiveAndColdDisabled_StopsActiveAndLeavesStoppedInPlace()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Vm("run", "A"), Vm("off", "A", state: InstanceState.Stopped)]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["disable_live_migration"] = true, ["disable_cold_migration"] = true });

        Assert.Equal(["service A disabled watcher_maintaining", "stop run"], result.Actions.Select(Describe).ToArray());
        Assert.Contains(result.Warnings, w => w.Contains("off", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_LiveAndColdDisabled_SaysItCannotMigrate()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("run", "A")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["disable_live_migration"] = true, ["disable_cold_migration"] = true });

        Assert.Contains(result.Warnings, w => w.Contains("both disabled", StringComparison.Ordinal) && w.Contains("no instance can be migrated off A", StringComparison.Ordinal));
        Assert.Equal(0, result.EfficacyIndicators.Single(i => i.Name == "instance_migrations_count").Value);
    }

    [Fact]
    public void Execute_AnyPlan_RecordsTheMaintainedHostByHostname()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("run", "A")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "uuid-A" });

        Assert.Equal("A", result.MaintainedHost);
    }

    [Fact]
    public void Execute_LiveDisabled_ColdMigratesActiveInstances()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("run", "A")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["backup_node"] = "B", ["disable_live_migration"] = true });

        Assert.Equal(["service A disabled watcher_maintaining", "migrate cold run A->B"], result.Actions.Select(Describe).ToArray());
    }

    [Fact]
    public void Execute_EmptyNodeAlreadyInMaintenance_ProposesNothing()
    {
        var cluster = new ClusterModel([Node("A", status: ServiceStatus.Disabled, reason: ActionFactory.MaintenanceReason), Node("B")], []);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A" });

        Assert.Empty(result.Actions);
    }

    [Fact]
    public void Execute_ExcludedInstance_StaysAndIsReported()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("keep", "A") with { WatcherExclude = true }, Vm("go", "A")]);

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A" });

        Assert.Equal(["service A disabled watcher_maintaining", "migrate live go A->B"], result.Actions.Select(Describe).ToArray());
        Assert.Contains(result.Warnings, w => w.Contains("keep", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_UnknownMaintenanceNode_ThrowsValidationNamingTheNode()
    {
        var cluster = new ClusterModel([Node("A")], []);

        var ex = Assert.Throws<ValidationException>(() => Run(cluster, new JsonObject { ["maintenance_node"] = "nope" }));

        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_ProjectedPlacement_NeverOverloadsAnyNode()
    {
        var cluster = new ClusterModel(
            [Node("A", vcpus: 64, memoryMb: 131072), Node("B", vcpus: 8, memoryMb: 16384), Node("C", vcpus: 8, memoryMb: 16384)],
            Enumerable.Range(0, 12).Select(i => Vm($"v{i}", "A", vcpus: 2, memoryMb: 4096)).ToList());

        var result = Run(cluster, new JsonObject { ["maintenance_node"] = "A" });

        var placement = new Placement(cluster);
        foreach (var move in result.Actions.Where(a => a.ActionType == ActionTypes.Migrate))
        {
            placement.Move(cluster.FindInstance(move.ResourceId!)!, cluster.FindNode(move.InputParameters["destination_node"]!.GetValue<string>())!);
        }

        Assert.Empty(placement.OverloadedNodes());
        Assert.Equal(8, result.Actions.Count(a => a.ActionType == ActionTypes.Migrate));
        Assert.Equal(4, result.Warnings.Count);
    }

    [Fact]
    public void Execute_BackupOutsideScope_IsRejectedNotUsed()
    {
        var cluster = new ClusterModel([Node("A"), Node("B") with { Zone = "az2" }, Node("C")], [Vm("i1", "A")]);

        var ex = Assert.Throws<ValidationException>(() =>
            Run(cluster, new JsonObject { ["maintenance_node"] = "A", ["backup_node"] = "B" }, new AuditScope { ExcludeZones = ["az2"] }));

        Assert.Contains("outside the audit scope", ex.Message, StringComparison.Ordinal);
    }
}
