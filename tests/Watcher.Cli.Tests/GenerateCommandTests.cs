using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;

namespace Watcher.Cli.Tests;

/// <summary>The generate command and the seeded generator behind it.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private static readonly string[] HostMetrics =
    [
        MetricNames.HostCpuUsage, MetricNames.HostRamUsage, MetricNames.HostOutletTemp, MetricNames.HostInletTemp,
        MetricNames.HostAirflow, MetricNames.HostPower,
    ];

    private static readonly string[] InstanceMetrics =
    [
        MetricNames.InstanceCpuUsage, MetricNames.InstanceRamUsage, MetricNames.InstanceRamAllocated,
        MetricNames.InstanceRootDiskSize, MetricNames.InstanceL3CacheUsage,
    ];

    private readonly SnapshotFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Run_GenerateThenOptimize_BothSucceed()
    {
        var path = _files.PathOf("generated.json");

        var generate = CliRun.Of("generate", "--hosts", "20", "--instances-per-host", "4", "--seed", "3", "--skew", "1.2", "--out", path);
        var cluster = WatcherJson.Deserialize<ClusterModel>(File.ReadAllText(path));
        var busiest = cluster.Hosts.OrderByDescending(h => cluster.InstancesOn(h.Uuid).Count).First();
        var optimize = CliRun.Of("optimize", "--snapshot", path, "--strategy", "host_maintenance", "--param", "maintenance_node=" + busiest.Hostname, "--json");

        Assert.Equal(0, generate.ExitCode);
        Assert.Contains("20 hosts and 80 instances", generate.Output, StringComparison.Ordinal);
        Assert.Equal(0, optimize.ExitCode);
        var actions = JsonNode.Parse(optimize.Output)!["actions"]!.AsArray();
        Assert.Equal(cluster.InstancesOn(busiest.Uuid).Count, actions.Count(a => a!["action_type"]!.GetValue<string>() == "migrate"));
    }

    [Fact]
    public void Generate_SameSeed_SameSnapshot()
    {
        var a = WatcherJson.Serialize(SkewedClusterGenerator.Generate(50, 4, seed: 9, skew: 1.0));
        var b = WatcherJson.Serialize(SkewedClusterGenerator.Generate(50, 4, seed: 9, skew: 1.0));
        var c = WatcherJson.Serialize(SkewedClusterGenerator.Generate(50, 4, seed: 10, skew: 1.0));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Generate_SkewedCluster_ValidWithinCapacityAndEveryMetricFilled()
    {
        var cluster = SkewedClusterGenerator.Generate(300, 4, seed: 1, skew: 1.0);

        Assert.Empty(cluster.Validate());
        Assert.Equal(1200, cluster.Instances.Count);
        Assert.Empty(new Placement(cluster).OverloadedNodes());
        Assert.All(cluster.Hosts, h => Assert.All(HostMetrics, m => Assert.True(h.Metrics.ContainsKey(m), m)));
        Assert.All(cluster.Instances, i => Assert.All(InstanceMetrics, m => Assert.True(i.Metrics.ContainsKey(m), m)));
        Assert.True(cluster.Hosts.Select(h => h.VCpus).Distinct().Count() >= 2, "host sizes are mixed");
        Assert.True(cluster.Instances.Select(i => i.VCpus).Distinct().Count() >= 3, "flavors are mixed");
        var counts = cluster.Hosts.Select(h => cluster.InstancesOn(h.Uuid).Count).Order().ToList();
        Assert.True(counts[^1] >= 4 * counts[counts.Count / 2], $"load is skewed (max {counts[^1]}, median {counts[counts.Count / 2]})");
    }

    [Fact]
    public void Generate_NoSkew_EvenLoad()
    {
        var cluster = SkewedClusterGenerator.Generate(100, 4, seed: 1, skew: 0);

        Assert.All(cluster.Hosts, h => Assert.Equal(4, cluster.InstancesOn(h.Uuid).Count));
    }

    [Fact]
    public void Run_GenerateWithZeroHosts_Exit2()
    {
        var run = CliRun.Of("generate", "--hosts", "0", "--out", _files.PathOf("x.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--hosts", run.Error, StringComparison.Ordinal);
    }
}
