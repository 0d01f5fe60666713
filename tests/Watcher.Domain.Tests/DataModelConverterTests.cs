using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Simulator;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests;

/// <summary>The cluster model and Watcher's flat data_model rows convert both ways without loss (metrics aside).</summary>
public sealed class DataModelConverterTests
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    [Fact]
    public void ToRows_NodeWithTwoInstancesAndEmptyNode_OneRowPerInstanceAndOneForTheEmptyNode()
    {
        var cluster = new ClusterModel(
            [Node("B"), Node("A", reason: "watcher_maintaining", status: ServiceStatus.Disabled)],
            [Vm("y", "B"), Vm("x", "B")]);

        var rows = DataModelConverter.ToRows(cluster);

        Assert.Equal(3, rows.Count);
        Assert.Equal("uuid-A", rows[0]!["node_uuid"]!.GetValue<string>());
        Assert.Null(rows[0]!["server_uuid"]);
        Assert.Equal("disabled", rows[0]!["node_status"]!.GetValue<string>());
        Assert.Equal("watcher_maintaining", rows[0]!["node_disabled_reason"]!.GetValue<string>());
        Assert.Equal(["uuid-x", "uuid-y"], rows.Skip(1).Select(r => r!["server_uuid"]!.GetValue<string>()).ToArray());
        Assert.All(rows.Skip(1), r => Assert.Equal("uuid-B", r!["node_uuid"]!.GetValue<string>()));
    }

    [Fact]
    public void ToRows_Row_HasWatcherNodeAndServerKeys()
    {
        var cluster = new ClusterModel([Node("A")], [Vm("x", "A") with { ProjectId = "p1", WatcherExclude = true }]);

        var row = (JsonObject)DataModelConverter.ToRows(cluster).Single()!;

        Assert.Equal(
            [
                "node_uuid", "node_hostname", "node_status", "node_disabled_reason", "node_state", "node_memory",
                "node_memory_mb_reserved", "node_disk", "node_disk_gb_reserved", "node_vcpus", "node_vcpu_reserved",
                "node_memory_ratio", "node_vcpu_ratio", "node_disk_ratio", "server_uuid", "server_name", "server_state",
                "server_vcpus", "server_memory", "server_disk", "server_watcher_exclude", "server_project_id",
                "server_locked", "server_metadata",
            ],
            row.Select(p => p.Key).ToArray());
        Assert.Equal("p1", row["server_project_id"]!.GetValue<string>());
        Assert.True(row["server_watcher_exclude"]!.GetValue<bool>());
    }

    [Fact]
    public void FromRows_HandBuiltClusterWithEmptyAndDownHosts_RoundTripsIgnoringMetrics()
    {
        var cluster = new ClusterModel(
            [
                Node("A", vcpus: 40, memoryMb: 65536, diskGb: 900) with { VCpuReserved = 2, MemoryMbReserved = 2048, DiskGbReserved = 10, VCpuRatio = 4, MemoryRatio = 1.5, DiskRatio = 1.2 },
                Node("B", status: ServiceStatus.Disabled, reason: "broken disk"),
                Node("C", state: NodeState.Down),
                Node("D") with { Metrics = new Dictionary<string, double> { ["host_cpu_usage"] = 40 } },
            ],
            [
                Vm("v1", "A") with { ProjectId = "p1", Metrics = new Dictionary<string, double> { ["instance_cpu_usage"] = 12 } },
                Vm("v2", "A", vcpus: 8, memoryMb: 16384, diskGb: 160, state: InstanceState.Stopped),
                Vm("v3", "B") with { WatcherExclude = true },
            ]);

        var back = DataModelConverter.FromRows(DataModelConverter.ToRows(cluster));

        AssertSameIgnoringMetrics(cluster, back);
        Assert.Empty(back.Validate());
    }

    [Fact]
    public void FromRows_GeneratedClusterThroughJsonText_RoundTripsWhatRowsCarry()
    {
        var generated = ClusterGenerator.Generate(60, 150, seed: 7);
        var cluster = new ClusterModel(generated.Hosts.Select(h => h with { Zone = null, PowerState = null }).ToList(), generated.Instances.Select(i => i with { Flavor = null }).ToList());
        Assert.Contains(cluster.Hosts, h => cluster.InstancesOn(h.Uuid).Count == 0);

        var text = DataModelConverter.ToRows(cluster).ToJsonString();
        var back = DataModelConverter.FromRows(JsonNode.Parse(text)!.AsArray());

        AssertSameIgnoringMetrics(cluster, back);
    }

    [Fact]
    public void FromRows_RowWithoutNodeUuid_ThrowsValidationException()
    {
        var rows = new JsonArray(new JsonObject { ["node_hostname"] = "A" });

        var ex = Assert.Throws<ValidationException>(() => DataModelConverter.FromRows(rows));

        Assert.Contains("node_uuid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRows_SameInstanceTwice_ThrowsValidationException()
    {
        var rows = DataModelConverter.ToRows(new ClusterModel([Node("A")], [Vm("x", "A")]));
        rows.Add(rows[0]!.DeepClone());

        var ex = Assert.Throws<ValidationException>(() => DataModelConverter.FromRows(rows));

        Assert.Contains("uuid-x", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSameIgnoringMetrics(ClusterModel expected, ClusterModel actual)
    {
        Assert.Equal(
            expected.Hosts.Select(h => h with { Metrics = NoMetrics }).OrderBy(h => h.Uuid, StringComparer.Ordinal).ToList(),
            actual.Hosts.Select(h => h with { Metrics = NoMetrics }).OrderBy(h => h.Uuid, StringComparer.Ordinal).ToList());
        Assert.Equal(
            expected.Instances.Select(i => i with { Metrics = NoMetrics }).OrderBy(i => i.Uuid, StringComparer.Ordinal).ToList(),
            actual.Instances.Select(i => i with { Metrics = NoMetrics }).OrderBy(i => i.Uuid, StringComparer.Ordinal).ToList());
    }
}
