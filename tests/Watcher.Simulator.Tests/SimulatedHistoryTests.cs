using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;

namespace Watcher.Simulator.Tests;

/// <summary>
/// The simulator's history generator: seasonality, placement-following host series, planted co-peaking groups (its
/// ground truth), determinism and speed, on the default cluster (20 hosts, 100 instances, seed 42) unless stated.
/// </summary>
public sealed class SimulatedHistoryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private const int MonthOfFiveMinutes = 30 * 24 * 12;

    private static SimulatedCloud Default(int seed = 42, TimeProvider? time = null) =>
        new(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 20, Instances = 100, Seed = seed }, time);

    private static double Mean(IEnumerable<double> values) => values.Average();

    [Fact]
    public async Task Instances_MonthOfCpu_HasDailyAndWeeklySeasonality()
    {
        var cloud = Default();
        var cluster = await cloud.GetClusterAsync();
        var history = await cloud.GetHistoryAsync();
        var active = cluster.Instances.Where(i => i.State == InstanceState.Active).Select(i => i.Uuid).ToList();

        var series = history.Instances(active, MetricNames.InstanceCpuUsage, Monday, FiveMinutes, MonthOfFiveMinutes);

        // Per instance: its hour-of-day profile swings by more than noise would, and weekends are lower than weekdays.
        var dailySwings = 0;
        var lowerWeekends = 0;
        foreach (var values in series.Values)
        {
            var byHour = Enumerable.Range(0, 24).Select(h => Mean(values.Where((_, k) => k / 12 % 24 == h))).ToList();
            if (byHour.Max() / Math.Max(1e-9, byHour.Min()) > 1.2)
            {
                dailySwings++;
            }

            var weekend = Mean(values.Where((_, k) => k / (12 * 24) % 7 >= 5));
            var weekday = Mean(values.Where((_, k) => k / (12 * 24) % 7 < 5));
            if (weekend < weekday)
            {
                lowerWeekends++;
            }
        }

        Assert.True(dailySwings >= 0.9 * series.Count, $"only {dailySwings}/{series.Count} instances have a daily cycle");
        Assert.True(lowerWeekends >= 0.9 * series.Count, $"only {lowerWeekends}/{series.Count} instances are quieter at weekends");
    }

    [Fact]
    public async Task Hosts_AfterMigration_SeriesFollowsThePlacementAtEachSample()
    {
        var time = new FakeTimeProvider(Monday.AddDays(3));
        var cloud = Default(time: time);
        var before = await cloud.GetHistoryAsync();
        var cluster = await cloud.GetClusterAsync();
        var instance = cluster.Instances.First(i => i.State == InstanceState.Active && i.VCpus >= 2);
        var destination = cluster.Hosts.First(h => h.Uuid != instance.HostUuid && instance.Demand.FitsIn(h.Capacity - cluster.UsedOn(h.Uuid)));
        var sourceHost = cluster.FindNode(instance.HostUuid)!;

        await cloud.MigrateAsync(instance.Uuid, destination.Uuid, live: true, "move-1");
        var after = await cloud.GetHistoryAsync();

        const int samples = 7 * 24 * 12;
        var moveIndex = 3 * 24 * 12;
        var hosts = new[] { sourceHost.Uuid, destination.Uuid };
        var old = before.Hosts(hosts, MetricNames.HostCpuUsage, Monday, FiveMinutes, samples);
        var now = after.Hosts(hosts, MetricNames.HostCpuUsage, Monday, FiveMinutes, samples);
        var moved = before.Instances([instance.Uuid], MetricNames.InstanceCpuUsage, Monday, FiveMinutes, samples)[instance.Uuid];
        Assert.Equal(Monday.AddDays(3), Assert.Single((await cloud.GetStateAsync()).Placements).At);
        Assert.Equal(sourceHost.Uuid, after.HostAt(instance.Uuid, Monday.AddDays(1)));
        Assert.Equal(destination.Uuid, after.HostAt(instance.Uuid, Monday.AddDays(4)));
        for (var k = 0; k < samples; k++)
        {
            if (k < moveIndex)
            {
                // Before the move the history is what it was: the instance was still on its source.
                Assert.Equal(old[sourceHost.Uuid][k], now[sourceHost.Uuid][k], 9);
                Assert.Equal(old[destination.Uuid][k], now[destination.Uuid][k], 9);
                continue;
            }

            var share = 100.0 * instance.VCpus * moved[k] / 100;
            if (old[sourceHost.Uuid][k] < 100)
            {
                Assert.Equal(old[sourceHost.Uuid][k] - (share / sourceHost.VCpus), now[sourceHost.Uuid][k], 6);
            }

            if (now[destination.Uuid][k] < 100)
            {
                Assert.Equal(old[destination.Uuid][k] + (share / destination.VCpus), now[destination.Uuid][k], 6);
            }
        }
    }

    [Fact]
    public async Task GroundTruth_PlantedGroups_HostsCoPeakInTheirWindowWhileTheirMeanStaysModerate()
    {
        var cloud = Default();
        var history = await cloud.GetHistoryAsync();
        var truth = history.GroundTruth;
        Assert.NotEmpty(truth.Groups);
        Assert.Contains(truth.Groups, g => g.Name == "monday-batch" && g.MembersByHost.Count >= 2);

        foreach (var group in truth.Groups)
        {
            Assert.True(group.MembersByHost.Count >= 2, $"{group.Name} spans {group.MembersByHost.Count} host(s)");
            var cpu = history.Hosts(group.MembersByHost.Keys, MetricNames.HostCpuUsage, Monday, FiveMinutes, 4 * 7 * 24 * 12);
            foreach (var (host, values) in cpu)
            {
                var inWindow = values.Where((_, k) => group.Covers(k / 12 % 168)).ToList();
                var mean = Mean(values);
                Assert.True(Mean(inWindow) >= group.ExpectedHostPeak, $"{group.Name}: host {host} averages {Mean(inWindow):F1} % in its window");
                Assert.True(inWindow.Min() >= 80, $"{group.Name}: host {host} drops to {inWindow.Min():F1} % in its window");
                Assert.True(mean < 65, $"{group.Name}: host {host} has a mean of {mean:F1} %");
            }

            // The members really peak together: each is at the group's peak in every window sample.
            var members = history.Instances(group.InstanceUuids, MetricNames.InstanceCpuUsage, Monday, FiveMinutes, 7 * 24 * 12);
            Assert.All(members.Values, v => Assert.All(v.Where((_, k) => group.Covers(k / 12 % 168)), x => Assert.True(x >= group.PeakCpu - 3)));
        }
    }

    [Fact]
    public async Task History_SameSeed_IsIdenticalAndAnotherSeedDiffers()
    {
        var a = await Default(seed: 42).GetHistoryAsync();
        var b = await Default(seed: 42).GetHistoryAsync();
        var c = await Default(seed: 43).GetHistoryAsync();
        var cluster = await Default(seed: 42).GetClusterAsync();
        var hosts = cluster.Hosts.Select(h => h.Uuid).ToList();

        foreach (var metric in new[] { MetricNames.HostCpuUsage, MetricNames.HostAirflow })
        {
            var x = a.Hosts(hosts, metric, Monday, FiveMinutes, 2000);
            var y = b.Hosts(hosts, metric, Monday, FiveMinutes, 2000);
            Assert.All(hosts, h => Assert.Equal(x[h], y[h]));
        }

        Assert.Equal(a.GroundTruth.Groups.Select(g => string.Join(",", g.InstanceUuids)), b.GroundTruth.Groups.Select(g => string.Join(",", g.InstanceUuids)));
        var other = await Default(seed: 43).GetClusterAsync();
        Assert.NotEqual(
            a.Hosts(hosts, MetricNames.HostCpuUsage, Monday, FiveMinutes, 100)[hosts[0]],
            c.Hosts([other.Hosts[0].Uuid], MetricNames.HostCpuUsage, Monday, FiveMinutes, 100)[other.Hosts[0].Uuid]);
    }

    [Fact]
    public async Task History_SampleValue_DoesNotDependOnTheQueryStartOrStep()
    {
        var history = await Default().GetHistoryAsync();
        var cluster = await Default().GetClusterAsync();
        var id = cluster.Instances[0].Uuid;

        var fine = history.Instances([id], MetricNames.InstanceCpuUsage, Monday, FiveMinutes, 24 * 12)[id];
        var coarse = history.Instances([id], MetricNames.InstanceCpuUsage, Monday.AddHours(1), TimeSpan.FromHours(1), 10)[id];

        Assert.All(Enumerable.Range(0, 10), h => Assert.Equal(fine[(h + 1) * 12], coarse[h]));
    }

    [Fact]
    public async Task QueryRange_DefaultCluster_ServesEveryWatcherMetricForEveryResource()
    {
        var cloud = Default();
        var metrics = new SimulatedMetrics(cloud);
        var cluster = await cloud.GetClusterAsync();

        foreach (var metric in MetricNames.All)
        {
            var isHost = metric.StartsWith("host_", StringComparison.Ordinal);
            var ids = isHost ? cluster.Hosts.Select(h => h.Uuid).ToList() : cluster.Instances.Select(i => i.Uuid).ToList();
            var series = await metrics.QueryRangeAsync(new MetricRangeQuery(metric, isHost ? MetricResource.Host : MetricResource.Instance, ids, Monday, Monday.AddHours(6), FiveMinutes));
            Assert.Equal(ids, series.Select(s => s.ResourceId));
            Assert.All(series, s => Assert.All(s.Points, p => Assert.True(double.IsFinite(p.Value) && p.Value >= 0, $"{metric} of {s.ResourceId} = {p.Value}")));
        }

        Assert.All(cluster.Hosts, h => Assert.True(h.Metrics.ContainsKey(MetricNames.HostAirflow) && h.Metrics.ContainsKey(MetricNames.HostPower) && h.Metrics.ContainsKey(MetricNames.HostInletTemp)));
        Assert.All(cluster.Instances, i => Assert.True(i.Metrics.ContainsKey(MetricNames.InstanceL3CacheUsage)));
    }

    [Fact]
    public async Task Hosts_MonthOfFiveMinuteSamples_GeneratedWellUnderASecondPerMetric()
    {
        var cloud = Default();
        var history = await cloud.GetHistoryAsync();
        var cluster = await cloud.GetClusterAsync();
        var hosts = cluster.Hosts.Select(h => h.Uuid).ToList();
        var instances = cluster.Instances.Select(i => i.Uuid).ToList();
        history.Hosts(hosts, MetricNames.HostCpuUsage, Monday, FiveMinutes, 100); // JIT warm-up

        foreach (var metric in new[] { MetricNames.HostCpuUsage, MetricNames.HostAirflow, MetricNames.InstanceCpuUsage })
        {
            var watch = Stopwatch.StartNew();
            var series = metric.StartsWith("host_", StringComparison.Ordinal)
                ? history.Hosts(hosts, metric, Monday, FiveMinutes, MonthOfFiveMinutes)
                : history.Instances(instances, metric, Monday, FiveMinutes, MonthOfFiveMinutes);
            watch.Stop();
            Assert.All(series.Values, v => Assert.Equal(MonthOfFiveMinutes, v.Length));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{metric}: {watch.ElapsedMilliseconds} ms for a month of the default cluster");
        }
    }
}
