using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator.Tests;

/// <summary>The simulator's synthetic metric history: deterministic, one series per known resource, values within physical bounds.</summary>
public sealed class SimulatedMetricsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(SimulatedMetrics Metrics, ClusterModel Cluster)> CreateAsync(int seed = 7)
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 6, Instances = 30, Seed = seed });
        return (new SimulatedMetrics(cloud), await cloud.GetClusterAsync());
    }

    private static MetricRangeQuery Week(string metric, MetricResource resource, IReadOnlyList<string> ids) =>
        new(metric, resource, ids, Monday, Monday.AddDays(7), TimeSpan.FromHours(1));

    [Fact]
    public async Task QueryRangeAsync_SameQueryOnTwoSimulators_ReturnsIdenticalSeries()
    {
        var (a, cluster) = await CreateAsync();
        var (b, _) = await CreateAsync();
        var query = Week(MetricNames.InstanceCpuUsage, MetricResource.Instance, cluster.Instances.Select(i => i.Uuid).ToList());

        Assert.Equal(WatcherJson.Serialize(await a.QueryRangeAsync(query)), WatcherJson.Serialize(await b.QueryRangeAsync(query)));
    }

    [Fact]
    public async Task QueryRangeAsync_Instances_OneSeriesPerKnownResourceWithEveryStep()
    {
        var (metrics, cluster) = await CreateAsync();
        var ids = cluster.Instances.Take(5).Select(i => i.Uuid).Append("no-such-instance").ToList();
        var query = Week(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids);

        var series = await metrics.QueryRangeAsync(query);

        Assert.Equal(ids.Take(5), series.Select(s => s.ResourceId));
        Assert.All(series, s =>
        {
            Assert.Equal(MetricNames.InstanceCpuUsage, s.Metric);
            Assert.Equal(query.Steps, s.Points.Count);
            Assert.Equal(Enumerable.Range(0, query.Steps).Select(i => Monday.AddHours(i)), s.Points.Select(p => p.At));
        });
    }

    [Fact]
    public async Task QueryRangeAsync_Hosts_OneSeriesPerHost()
    {
        var (metrics, cluster) = await CreateAsync();
        var ids = cluster.Hosts.Select(h => h.Uuid).ToList();

        var series = await metrics.QueryRangeAsync(Week(MetricNames.HostCpuUsage, MetricResource.Host, ids));

        Assert.Equal(ids, series.Select(s => s.ResourceId));
    }

    [Fact]
    public async Task QueryRangeAsync_InstanceUsage_StaysWithinBoundsAndVaries()
    {
        var (metrics, cluster) = await CreateAsync();
        var ids = cluster.Instances.Select(i => i.Uuid).ToList();

        var cpu = await metrics.QueryRangeAsync(Week(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids));
        var ram = await metrics.QueryRangeAsync(Week(MetricNames.InstanceRamUsage, MetricResource.Instance, ids));

        Assert.All(cpu, s => Assert.All(s.Points, p => Assert.InRange(p.Value, 0, 100)));
        Assert.All(ram, s => Assert.All(s.Points, p => Assert.InRange(p.Value, 0, cluster.FindInstance(s.ResourceId)!.MemoryMb)));
        Assert.All(cpu, s => Assert.True(s.Points.Select(p => p.Value).Distinct().Count() > 1, $"{s.ResourceId}'s CPU never varies."));
    }

    [Fact]
    public async Task QueryRangeAsync_HostUsage_StaysWithinCapacity()
    {
        var (metrics, cluster) = await CreateAsync();
        var ids = cluster.Hosts.Select(h => h.Uuid).ToList();

        var cpu = await metrics.QueryRangeAsync(Week(MetricNames.HostCpuUsage, MetricResource.Host, ids));
        var ram = await metrics.QueryRangeAsync(Week(MetricNames.HostRamUsage, MetricResource.Host, ids));

        Assert.All(cpu, s => Assert.All(s.Points, p => Assert.InRange(p.Value, 0, 100)));
        Assert.All(ram, s =>
        {
            var allocatedKb = 1024.0 * cluster.InstancesOn(s.ResourceId).Sum(i => i.MemoryMb);
            Assert.All(s.Points, p => Assert.InRange(p.Value, 0, allocatedKb));
        });
        Assert.Contains(cpu, s => s.Points.Any(p => p.Value > 0));
    }

    [Fact]
    public async Task QueryRangeAsync_AllocatedRam_IsConstantAtTheFlavorSize()
    {
        var (metrics, cluster) = await CreateAsync();
        var instance = cluster.Instances[0];

        var series = Assert.Single(await metrics.QueryRangeAsync(Week(MetricNames.InstanceRamAllocated, MetricResource.Instance, [instance.Uuid])));

        Assert.All(series.Points, p => Assert.Equal(instance.MemoryMb, p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_Weekend_InstanceCpuLowerThanWeekdays()
    {
        var (metrics, cluster) = await CreateAsync();
        var ids = cluster.Instances.Where(i => i.State == InstanceState.Active).Select(i => i.Uuid).ToList();

        var series = await metrics.QueryRangeAsync(Week(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids));

        var points = series.SelectMany(s => s.Points).ToList();
        var weekend = points.Where(p => p.At.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Average(p => p.Value);
        var weekday = points.Where(p => p.At.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Average(p => p.Value);
        Assert.True(weekend < weekday, $"weekend {weekend:F2} >= weekday {weekday:F2}");
    }

    [Fact]
    public async Task QueryRangeAsync_UnknownMetric_ReturnsNoSeries()
    {
        var (metrics, cluster) = await CreateAsync();

        var series = await metrics.QueryRangeAsync(Week("no_such_metric", MetricResource.Host, [cluster.Hosts[0].Uuid]));

        Assert.Empty(series);
    }
}
