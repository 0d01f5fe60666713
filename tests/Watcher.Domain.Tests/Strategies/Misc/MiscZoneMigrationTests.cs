using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>zone_migration scenarios whose expected plans follow Watcher's zone_migration.py.</summary>
public sealed class MiscZoneMigrationTests
{
    private static readonly ZoneMigrationStrategy Strategy = new();

    private static JsonObject Params(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Execute_SourceWithDestination_LiveForActiveColdForStoppedAndStopsAtPerNodeLimit()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C")],
            [Vm("i1", "A"), Vm("i2", "A", state: InstanceState.Stopped), Vm("i3", "A", state: InstanceState.Paused), Vm("i4", "A", state: InstanceState.Error)]);

        var result = Run(Strategy, cluster, Params("""{"compute_nodes": [{"src_node": "A", "dst_node": "B"}]}"""));

        // parallel_per_node defaults to 2: i3 waits for the next audit; i4 (error) is never migrated.
        Assert.Equal(["migrate live i1 A->B", "migrate cold i2 A->B"], Plan(result));
        Assert.Equal(2, Indicator(result, "live_migrate_instance_count"));
        Assert.Equal(1, Indicator(result, "planned_live_migrate_instance_count"));
        Assert.Equal(1, Indicator(result, "cold_migrate_instance_count"));
        Assert.Equal(1, Indicator(result, "planned_cold_migrate_instance_count"));
        Assert.Equal(50, Indicator(result, "live_instance_migrate_ratio"));
        Assert.Equal(100, Indicator(result, "cold_instance_migrate_ratio"));
        Assert.Equal(0, Indicator(result, "volume_migrate_ratio"));
        Assert.Contains(result.Warnings, w => w.Contains("i4", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_NoDestinationGiven_PicksMostFreeRamEnabledNodeOutsideTheSources()
    {
        // C and D are empty; D has 40 GB, C 32 GB; E (disabled) and the other source B are never destinations.
        var cluster = new ClusterModel(
            [Node("A"), Node("B", memoryMb: 65536), Node("C", memoryMb: 32768), Node("D", memoryMb: 40960), Node("E", memoryMb: 131072, status: ServiceStatus.Disabled)],
            [Vm("a1", "A", memoryMb: 8192), Vm("b1", "B", memoryMb: 8192)]);

        var result = Run(Strategy, cluster, Params("""{"compute_nodes": [{"src_node": "A"}, {"src_node": "B"}]}"""));

        // a1 goes to D (40 GB free); D then has 32 GB, tied with C, and C wins on hostname.
        Assert.Equal(["migrate live a1 A->D", "migrate live b1 B->C"], Plan(result));
    }

    [Fact]
    public void Execute_Priority_ProjectFirstThenLargestVcpuAndTotalLimit()
    {
        var cluster = new ClusterModel(
            [Node("A", vcpus: 32), Node("B", vcpus: 32)],
            [
                Vm("x", "A", vcpus: 2) with { ProjectId = "p2" },
                Vm("y", "A", vcpus: 1) with { ProjectId = "p1" },
                Vm("z", "A", vcpus: 4) with { ProjectId = "p1" },
                Vm("w", "A", vcpus: 8) with { ProjectId = "p3" },
            ]);

        var result = Run(Strategy, cluster, Params("""
            {"compute_nodes": [{"src_node": "A", "dst_node": "B"}], "parallel_total": 3, "parallel_per_node": 10,
             "priority": {"project": ["p1"], "compute": "vcpu_num"}}
            """));

        Assert.Equal(["migrate live z A->B", "migrate live y A->B", "migrate live w A->B"], Plan(result));
        Assert.Equal(75, Indicator(result, "live_instance_migrate_ratio"));
    }

    [Fact]
    public void Execute_StoragePools_MigratesToDstPoolRetypesToDstTypeAndSkipsWhatCannotMove()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("vm", "A")]).WithStorage(
            [Pool("src@lvm#p1", 1000, 500), Pool("dst@lvm#p1", 1000, 800), Pool("src@lvm#p2", 1000, 500, "silver"), Pool("dst@ceph#p1", 1000, 900, "gold")],
            [
                Vol("v1", "src@lvm#p1", 10),
                Vol("v2", "src@lvm#p2", 20, VolumeStatus.InUse, type: "silver", attachedTo: "vm"),
                Vol("v3", "src@lvm#p2", 30, type: "gold"),
                Vol("v4", "src@lvm#p1", 40, snapshots: true),
                Vol("other", "dst@lvm#p1", 50),
            ]);

        var result = Run(Strategy, cluster, Params("""
            {"storage_pools": [{"src_pool": "src@lvm#p1", "dst_pool": "dst@lvm#p1"}, {"src_pool": "src@lvm#p2", "dst_type": "gold"}]}
            """));

        Assert.Equal(["volume v1 ->dst@lvm#p1", "retype v2 gold"], Plan(result));
        Assert.Equal("vol-v1", result.Actions[0].ResourceId);
        Assert.Equal("migrate", (string?)result.Actions[0].InputParameters["migration_type"]);
        Assert.Equal(3, Indicator(result, "volume_migrate_count"));
        Assert.Equal(2, Indicator(result, "planned_volume_migrate_count"));
        Assert.Equal(2, Indicator(result, "planned_volume_update_count"));
        Assert.Equal(200.0 / 3, Indicator(result, "volume_migrate_ratio"), 6);
        Assert.Contains(result.Warnings, w => w.Contains("v3", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("v4", StringComparison.Ordinal) && w.Contains("snapshots", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_WithAttachedVolume_MigratesEachInstanceRightAfterItsVolume()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("i0", "A"), Vm("i1", "A")]).WithStorage(
            [Pool("s#p", 1000, 500), Pool("d#p", 1000, 900)],
            [Vol("v1", "s#p", 10, VolumeStatus.InUse, attachedTo: "i1")]);
        const string Base = "\"compute_nodes\": [{\"src_node\": \"A\", \"dst_node\": \"B\"}], \"storage_pools\": [{\"src_pool\": \"s#p\", \"dst_pool\": \"d#p\"}]";

        var attached = Run(Strategy, cluster, Params("{" + Base + ", \"with_attached_volume\": true}"));
        var detached = Run(Strategy, cluster, Params("{" + Base + "}"));

        Assert.Equal(["volume v1 ->d#p", "migrate live i1 A->B", "migrate live i0 A->B"], Plan(attached));
        Assert.Equal(["volume v1 ->d#p", "migrate live i0 A->B", "migrate live i1 A->B"], Plan(detached));
    }

    [Fact]
    public void Execute_DstNodeFull_FallsBackToAnotherNodeAndWarns()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", vcpus: 2, memoryMb: 4096), Node("C")],
            [Vm("big", "A", vcpus: 4, memoryMb: 8192), Vm("small", "A")]);

        var result = Run(Strategy, cluster, Params("""{"compute_nodes": [{"src_node": "A", "dst_node": "B"}]}"""));

        Assert.Equal(["migrate live big A->C", "migrate live small A->B"], Plan(result));
        Assert.Contains(result.Warnings, w => w.Contains("dst_node B has no room", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_ExcludedInstance_StaysAndIsReported()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("keep", "A"), Vm("go", "A")]);

        var result = Run(Strategy, cluster, Params("""{"compute_nodes": [{"src_node": "A", "dst_node": "B"}]}"""),
            new AuditScope { ExcludeInstances = ["uuid-keep"] });

        Assert.Equal(["migrate live go A->B"], Plan(result));
        Assert.Contains(result.Warnings, w => w.Contains("keep", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"compute_nodes": [{"src_node": "nope"}]}""", "compute_nodes")]
    [InlineData("""{"compute_nodes": [{"dst_node": "A"}]}""", "compute_nodes")]
    [InlineData("""{"compute_nodes": [{"src_node": "A", "extra": 1}]}""", "compute_nodes")]
    [InlineData("""{"storage_pools": [{"src_pool": "s#p", "dst_pool": "d#p", "dst_type": "gold"}]}""", "storage_pools")]
    [InlineData("""{"storage_pools": [{"src_pool": "s#p"}]}""", "storage_pools")]
    [InlineData("""{"priority": {"compute": "colour"}}""", "priority")]
    [InlineData("""{"priority": {"flavor": ["x"]}}""", "priority")]
    [InlineData("""{"parallel_total": -1}""", "parallel_total")]
    [InlineData("""{"with_attached_volume": "yes"}""", "with_attached_volume")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string parameter)
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], []).WithStorage([Pool("s#p", 100, 50), Pool("d#p", 100, 50)], []);

        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, cluster, Params(json)));

        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PlanKeepsInvariants()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, seed: 7);
        var sources = new JsonArray(cluster.Hosts.Take(100).Select(h => (JsonNode)new JsonObject { ["src_node"] = h.Hostname }).ToArray());

        var result = Run(Strategy, cluster, new JsonObject { ["compute_nodes"] = sources, ["parallel_total"] = 5000.0, ["parallel_per_node"] = 1000.0 });

        Assert.NotEmpty(result.Actions);
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        var moved = result.Actions.Select(a => a.ResourceId).ToList();
        Assert.Equal(moved.Count, moved.Distinct().Count());
    }
}
