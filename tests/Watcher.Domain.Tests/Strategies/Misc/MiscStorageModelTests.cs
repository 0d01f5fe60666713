using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Strategies;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>The optional storage part of the snapshot format and the node power state.</summary>
public sealed class MiscStorageModelTests
{
    [Fact]
    public void Deserialize_SnapshotWithoutStorage_LoadsWithEmptyStorageAndUnknownPower()
    {
        var cluster = WatcherJson.Deserialize<ClusterModel>("""
            {"hosts": [{"uuid": "n1", "hostname": "h1", "vcpus": 8, "memory": 16384, "disk": 100}],
             "instances": [{"uuid": "i1", "name": "vm", "host": "n1", "vcpus": 1, "memory": 512, "disk": 1}]}
            """);

        Assert.Empty(cluster.StoragePools);
        Assert.Empty(cluster.Volumes);
        Assert.Null(cluster.Hosts[0].PowerState);
        Assert.Empty(cluster.Validate());
    }

    [Fact]
    public void Deserialize_SnapshotWithStorage_ReadsSnakeCaseFields()
    {
        var cluster = WatcherJson.Deserialize<ClusterModel>("""
            {"hosts": [{"uuid": "n1", "hostname": "h1", "power_state": "off"}],
             "instances": [],
             "storage_pools": [{"name": "h@lvm#p", "total_capacity_gb": 100, "free_capacity_gb": 40, "allocated_capacity_gb": 70,
                                "max_over_subscription_ratio": 2.0, "volume_type": "gold", "zone": "nova"}],
             "volumes": [{"uuid": "v1", "name": "data", "size": 10, "status": "in-use", "pool": "h@lvm#p", "attachments": ["i9"],
                          "volume_type": "gold", "project_id": "p", "bootable": true, "has_snapshots": true, "created_at": "2024-01-02T03:04:05Z"}]}
            """);

        Assert.Equal(NodePowerState.Off, cluster.Hosts[0].PowerState);
        var pool = Assert.Single(cluster.StoragePools);
        Assert.Equal(new StoragePool { Name = "h@lvm#p", TotalCapacityGb = 100, FreeCapacityGb = 40, AllocatedCapacityGb = 70, MaxOverSubscriptionRatio = 2, VolumeType = "gold", Zone = "nova" }, pool);
        var volume = cluster.FindVolume("v1")!;
        Assert.Equal(["i9"], volume.Attachments);
        Assert.True(volume.Bootable && volume.HasSnapshots);
        Assert.Equal(VolumeStatus.InUse, volume.Status);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), volume.CreatedAt);
        Assert.Same(volume, Assert.Single(cluster.VolumesIn("h@lvm#p")));
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsStorageAndPowerState()
    {
        var cluster = new ClusterModel([Node("A") with { PowerState = NodePowerState.On }], [Vm("i", "A")])
            .WithStorage([Pool("p", 100, 50, "gold")], [Vol("v", "p", 5, VolumeStatus.InUse, attachedTo: "i")]);

        var json = WatcherJson.Serialize(cluster);
        var back = WatcherJson.Deserialize<ClusterModel>(json);

        Assert.Contains("\"storage_pools\":", json, StringComparison.Ordinal);
        Assert.Contains("\"power_state\":\"on\"", json, StringComparison.Ordinal);
        Assert.Equal(cluster.StoragePools, back.StoragePools);
        Assert.Equal("uuid-i", back.Volumes[0].Attachments[0]);
        Assert.Equal(NodePowerState.On, back.Hosts[0].PowerState);
    }

    [Fact]
    public void WithNodeAndWithInstance_KeepStorage()
    {
        var cluster = new ClusterModel([Node("A")], [Vm("i", "A")]).WithStorage([Pool("p", 100, 50)], [Vol("v", "p", 5)]);

        var changed = cluster.WithNode(Node("A", vcpus: 4)).WithInstance(Vm("i", "A", vcpus: 1));

        Assert.Single(changed.StoragePools);
        Assert.Single(changed.Volumes);
    }

    [Fact]
    public void Validate_StorageProblems_AreReported()
    {
        var cluster = new ClusterModel([Node("A")], []).WithStorage(
            [Pool("p", 100, 50), Pool("p", 10, 5)],
            [Vol("v", "p", 5), Vol("v", "p", 1), Vol("w", "nowhere", 1) with { Uuid = "vol-w" }]);

        var problems = cluster.Validate();

        Assert.Contains("duplicate storage pool 'p'", problems);
        Assert.Contains("duplicate volume uuid 'vol-v'", problems);
        Assert.Contains("volume 'vol-w' is in unknown storage pool 'nowhere'", problems);
    }

    [Fact]
    public void Registry_FindsTheFiveStrategiesWithWatcherGoals()
    {
        var expected = new Dictionary<string, string>
        {
            ["zone_migration"] = GoalCatalog.HardwareMaintenance,
            ["noisy_neighbor"] = GoalCatalog.NoisyNeighbor,
            ["saving_energy"] = GoalCatalog.SavingEnergy,
            ["storage_capacity_balance"] = GoalCatalog.WorkloadBalancing,
            ["actuator"] = GoalCatalog.Unclassified,
        };

        foreach (var (name, goal) in expected)
        {
            var strategy = StrategyRegistry.Default.Find(name);
            Assert.NotNull(strategy);
            Assert.Equal(goal, strategy.GoalName);
            Assert.NotNull(strategy.Parameters.ToJsonSchema()["properties"] as JsonObject);
        }
    }
}
