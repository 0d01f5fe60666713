using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using Watcher.Simulator;

namespace Watcher.Domain.Tests;

/// <summary>Time-series aggregation, profiles and the simulator's metric history.</summary>
public sealed class SeriesAnalysisTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static MetricPoint[] Points(params double[] values) =>
        values.Select((v, i) => new MetricPoint(Monday.AddMinutes(5 * i), v)).ToArray();

    [Theory]
    [InlineData("mean", 2.5)]
    [InlineData("max", 4)]
    [InlineData("min", 1)]
    [InlineData("count", 4)]
    [InlineData("last", 4)]
    [InlineData("p50", 2.5)]
    [InlineData("p100", 4)]
    public void Aggregate_Method_ReturnsExpected(string method, double expected) =>
        Assert.Equal(expected, SeriesAnalysis.Aggregate(Points(1, 2, 3, 4), method)!.Value, 9);

    [Fact]
    public void Aggregate_UnknownMethod_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ValidationException>(() => SeriesAnalysis.Aggregate(Points(1), "median-ish"));

        Assert.Contains("median-ish", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DailyProfile_HourlySamples_AveragesPerHourOfDay()
    {
        var points = Enumerable.Range(0, 48).Select(h => new MetricPoint(Monday.AddHours(h), h < 24 ? h : h - 24 + 2)).ToArray();

        var profile = SeriesAnalysis.DailyProfile(points);

        Assert.Equal(1, profile[0], 9);
        Assert.Equal(24, profile[23], 9);
    }

    [Fact]
    public void WeeklyProfile_MondayAndSunday_LandInFirstAndLastDay()
    {
        var profile = SeriesAnalysis.WeeklyProfile([new MetricPoint(Monday.AddHours(1), 5), new MetricPoint(Monday.AddDays(6).AddHours(23), 7)]);

        Assert.Equal(5, profile[1]);
        Assert.Equal(7, profile[167]);
        Assert.True(double.IsNaN(profile[50]));
    }

    [Fact]
    public void TrendPerHour_LinearGrowth_IsSlope() =>
        Assert.Equal(12, SeriesAnalysis.TrendPerHour(Points(0, 1, 2, 3, 4)), 6);

    [Fact]
    public async Task SimulatedMetrics_OneWeek_ShowsDailyCycleAndWeekendDip()
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 3, Instances = 6, Seed = 5 });
        var cluster = await cloud.GetClusterAsync();
        var instance = cluster.Instances.First(i => i.State == Cluster.InstanceState.Active);
        var query = new MetricRangeQuery(MetricNames.InstanceCpuUsage, MetricResource.Instance, [instance.Uuid], Monday, Monday.AddDays(7), TimeSpan.FromMinutes(30));

        var series = Assert.Single(await new SimulatedMetrics(cloud).QueryRangeAsync(query));

        Assert.Equal(query.Steps, series.Points.Count);
        var daily = SeriesAnalysis.DailyProfile(series.Points);
        Assert.True(daily.Max() - daily.Min() > 0.2 * instance.Metrics[MetricNames.InstanceCpuUsage], "expected a daily cycle");
        var weekday = series.Points.Where(p => p.At.DayOfWeek == DayOfWeek.Wednesday).Average(p => p.Value);
        var sunday = series.Points.Where(p => p.At.DayOfWeek == DayOfWeek.Sunday).Average(p => p.Value);
        Assert.True(sunday < weekday, $"expected a weekend dip: sunday {sunday} weekday {weekday}");
        Assert.All(series.Points, p => Assert.InRange(p.Value, 0, 100));
    }

    [Fact]
    public async Task MetricsCollector_HostCpu_AggregatesSeriesPerHost()
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions { Hosts = 4, Instances = 12, Seed = 9 });
        var cluster = await cloud.GetClusterAsync();

        var snapshot = await MetricsCollector.CollectAsync(new SimulatedMetrics(cloud), cluster, [MetricNames.HostOutletTemp], Monday.AddDays(2), TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), "max");

        Assert.Equal(cluster.Hosts.Count, snapshot.Hosts.Count);
        Assert.All(snapshot.Hosts.Values, m => Assert.Contains(MetricNames.HostOutletTemp, m.Keys));
        Assert.Equal(cluster.Instances.Count, snapshot.Instances.Count);
        Assert.Equal("simulator", snapshot.Source);
    }
}
