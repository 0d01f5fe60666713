using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;

namespace Watcher.Simulator.Tests;

/// <summary>The seeded generator: reproducible, internally consistent clusters whose placement respects capacity.</summary>
public sealed class ClusterGeneratorTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 0, 1 },
        { 1, 5, 2 },
        { 4, 10, 7 },
        { 20, 100, 42 },
        { 30, 600, 3 },
    };

    private static List<int> HostIndexes(ClusterModel cluster)
    {
        var hosts = cluster.Hosts.Select(h => h.Uuid).ToList();
        return cluster.Instances.Select(i => hosts.IndexOf(i.HostUuid)).ToList();
    }

    [Fact]
    public void Generate_SameSeed_IsIdentical()
    {
        Assert.Equal(
            WatcherJson.Serialize(ClusterGenerator.Generate(12, 60, 5)),
            WatcherJson.Serialize(ClusterGenerator.Generate(12, 60, 5)));
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferInIdsAndPlacement()
    {
        var a = ClusterGenerator.Generate(12, 60, 5);
        var b = ClusterGenerator.Generate(12, 60, 6);

        Assert.Empty(a.Hosts.Select(h => h.Uuid).Intersect(b.Hosts.Select(h => h.Uuid)));
        Assert.NotEqual(HostIndexes(a), HostIndexes(b));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Generate_AnySize_ValidatesWithoutProblems(int hosts, int instances, int seed)
    {
        var cluster = ClusterGenerator.Generate(hosts, instances, seed);

        Assert.Empty(cluster.Validate());
        Assert.Equal(hosts, cluster.Hosts.Count);
        Assert.InRange(cluster.Instances.Count, Math.Min(1, instances), instances);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Generate_Hosts_PowerStateConsistentWithState(int hosts, int instances, int seed)
    {
        var cluster = ClusterGenerator.Generate(hosts, instances, seed);

        Assert.All(cluster.Hosts, h =>
        {
            Assert.NotNull(h.PowerState);
            Assert.Equal(h.State == NodeState.Up, h.PowerState == NodePowerState.On);
        });
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Generate_Placement_NoHostOverCapacity(int hosts, int instances, int seed)
    {
        var cluster = ClusterGenerator.Generate(hosts, instances, seed);

        Assert.All(cluster.Hosts, h => Assert.True(cluster.UsedOn(h.Uuid).FitsIn(h.Capacity), $"{h.Hostname} is over capacity."));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Generate_Storage_PoolFreeCapacityMatchesItsVolumesAndVolumesAttachToInstances(int hosts, int instances, int seed)
    {
        var cluster = ClusterGenerator.Generate(hosts, instances, seed);

        Assert.All(cluster.StoragePools, p =>
            Assert.Equal(p.TotalCapacityGb - cluster.Volumes.Where(v => v.Pool == p.Name).Sum(v => v.Size), p.FreeCapacityGb));
        Assert.All(cluster.Volumes, v => Assert.All(v.Attachments, a => Assert.NotNull(cluster.FindInstance(a))));
    }

    [Fact]
    public void Generate_MoreInstancesThanFit_StopsAtCapacity()
    {
        var cluster = ClusterGenerator.Generate(1, 10_000, 9);

        Assert.InRange(cluster.Instances.Count, 1, 9_999);
        Assert.Empty(cluster.Validate());
    }

    [Fact]
    public void Generate_NoHosts_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterGenerator.Generate(0, 5, 1));
    }

    [Fact]
    public void WithHostMetrics_InstancesStoppedOrMoved_HostCpuFollowsActiveInstancesOnly()
    {
        var cluster = ClusterGenerator.Generate(4, 20, 11);
        var busy = cluster.Hosts.First(h => cluster.InstancesOn(h.Uuid).Any(i => i.State == InstanceState.Active));
        var stopped = new ClusterModel(
            cluster.Hosts,
            cluster.Instances.Select(i => i.HostUuid == busy.Uuid ? i with { State = InstanceState.Stopped } : i).ToList(),
            cluster.StoragePools,
            cluster.Volumes);

        var recomputed = ClusterGenerator.WithHostMetrics(stopped);

        Assert.True(cluster.FindNode(busy.Uuid)!.Metrics[MetricNames.HostCpuUsage] > 0);
        Assert.Equal(0, recomputed.FindNode(busy.Uuid)!.Metrics[MetricNames.HostCpuUsage]);
        Assert.Equal(0, recomputed.FindNode(busy.Uuid)!.Metrics[MetricNames.HostRamUsage]);
    }
}
