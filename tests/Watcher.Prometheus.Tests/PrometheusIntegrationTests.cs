using System.Net;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Prometheus.Tests;

/// <summary>
/// The adapter against a real Prometheus serving backfilled node_exporter, Ceilometer and libvirt series, and five weeks
/// of 5-minute history with a weekly pattern.
/// </summary>
public sealed class PrometheusIntegrationTests(PrometheusServerFixture server) : IClassFixture<PrometheusServerFixture>
{
    // Percentage points. Exact on 2.x (closed range windows); 0.1 also covers the left-open windows of Prometheus 3.
    private const double CpuTolerance = 0.1;
    private const double MemoryShareTolerance = 0.001;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private SyntheticExporterData Data => server.Data;

    private DateTimeOffset Start => Data.Last.AddHours(-3);

    private ClusterModel Cluster => new(
        Data.Hosts.Select(h => new ComputeNode { Uuid = h.Uuid, Hostname = h.Hostname, VCpus = SyntheticExporterData.HostCpus, MemoryMb = (int)(h.MemTotal >> 20) }).ToList(),
        Data.Instances.Select((i, n) => new Instance { Uuid = i.Uuid, Name = i.Domain, VCpus = i.VCpus, MemoryMb = i.MemoryMb, HostUuid = Data.Hosts[n % 3].Uuid }).ToList());

    private PrometheusMetricsSource Source(PrometheusOptions? options = null, PrometheusTargetResolver? resolver = null)
    {
        options ??= new PrometheusOptions();
        options.BaseUrl = server.BaseUrl;
        return new PrometheusMetricsSource(new HttpClient(), options, resolver ?? PrometheusTargetResolver.FromCluster(Cluster));
    }

    private MetricRangeQuery Query(string metric, MetricResource resource, IReadOnlyList<string> ids) => new(metric, resource, ids, Start, Data.Last, Step);

    private static void AssertSeries(TimeSeries series, int expectedPoints, Func<DateTimeOffset, double> expected, double tolerance)
    {
        Assert.Equal(expectedPoints, series.Points.Count);
        foreach (var p in series.Points)
        {
            var want = expected(p.At);
            Assert.True(Math.Abs(p.Value - want) <= tolerance, $"{series.Metric} {series.ResourceId} at {p.At:O}: got {p.Value}, expected {want} ± {tolerance}");
        }
    }

    [Fact]
    public async Task QueryRangeAsync_HostCpuFromNodeExporter_MatchesWrittenCounters()
    {
        var query = Query(MetricNames.HostCpuUsage, MetricResource.Host, Data.Hosts.Select(h => h.Uuid).ToList());

        var series = await Source().QueryRangeAsync(query);

        // compute-1 is known to Watcher by its short name and to Prometheus by its FQDN; it matches anyway.
        Assert.Equal(Data.Hosts.Select(h => h.Uuid), series.Select(s => s.ResourceId));
        Assert.Equal(37, query.Steps);
        for (var h = 0; h < Data.Hosts.Count; h++)
        {
            var host = h;
            Assert.Equal(Start, series[h].Points[0].At);
            AssertSeries(series[h], query.Steps, t => SyntheticExporterData.ExpectedRate(x => SyntheticExporterData.HostCpu(host, x), t), CpuTolerance);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_HostRamFromNodeExporter_IsUsedKiB()
    {
        var query = Query(MetricNames.HostRamUsage, MetricResource.Host, Data.Hosts.Select(h => h.Uuid).ToList());

        var series = await Source().QueryRangeAsync(query);

        Assert.Equal(3, series.Count);
        for (var h = 0; h < Data.Hosts.Count; h++)
        {
            var host = h;
            var total = Data.Hosts[h].MemTotal;
            AssertSeries(series[h], query.Steps, t => (total - SyntheticExporterData.ExpectedAverage(x => Data.HostAvailableBytes(host, x), t)) / 1024, total / 1024 * MemoryShareTolerance);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_InstanceMetricsFromCeilometer_MatchWrittenSeries()
    {
        var ids = Data.Instances.Select(i => i.Uuid).ToList();
        var cluster = Cluster;
        var source = Source(resolver: PrometheusTargetResolver.FromCluster(_ => Task.FromResult(cluster)));

        var cpu = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids));
        var ram = await source.QueryRangeAsync(Query(MetricNames.InstanceRamUsage, MetricResource.Instance, ids));

        Assert.Equal(ids, cpu.Select(s => s.ResourceId));
        Assert.Equal(ids, ram.Select(s => s.ResourceId));
        for (var i = 0; i < ids.Count; i++)
        {
            var instance = i;
            AssertSeries(cpu[i], 37, t => SyntheticExporterData.ExpectedRate(x => SyntheticExporterData.InstanceCpu(instance, x), t), CpuTolerance);
            AssertSeries(ram[i], 37, t => SyntheticExporterData.ExpectedAverage(x => Data.InstanceRamMb(instance, x), t), Data.Instances[i].MemoryMb * MemoryShareTolerance);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_InstanceMetricsFromLibvirtExporter_MatchWrittenSeries()
    {
        var ids = Data.Instances.Select(i => i.Uuid).ToList();
        var source = Source(PrometheusOptions.ForLibvirtExporter(server.BaseUrl));

        var cpu = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids));
        var ram = await source.QueryRangeAsync(Query(MetricNames.InstanceRamUsage, MetricResource.Instance, ids));
        var allocated = await source.QueryRangeAsync(Query(MetricNames.InstanceRamAllocated, MetricResource.Instance, ids));

        for (var i = 0; i < ids.Count; i++)
        {
            var instance = i;
            AssertSeries(cpu[i], 37, t => SyntheticExporterData.ExpectedRate(x => SyntheticExporterData.InstanceCpu(instance, x), t), CpuTolerance);
            AssertSeries(ram[i], 37, t => SyntheticExporterData.ExpectedAverage(x => Data.InstanceRamMb(instance, x), t), Data.Instances[i].MemoryMb * MemoryShareTolerance);
            AssertSeries(allocated[i], 37, _ => Data.Instances[instance].MemoryMb, 1e-9);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_LibvirtDomainLabelThroughResolverMap_MatchesInstances()
    {
        var options = PrometheusOptions.ForLibvirtExporter(server.BaseUrl);
        options.InstanceLabel = "domain";
        var resolver = PrometheusTargetResolver.FromMaps(
            new Dictionary<string, string>(), Data.Instances.ToDictionary(i => i.Uuid, i => i.Domain));

        var series = await Source(options, resolver).QueryRangeAsync(Query(MetricNames.InstanceRamAllocated, MetricResource.Instance, [Data.Instances[1].Uuid]));

        var s = Assert.Single(series);
        Assert.Equal(Data.Instances[1].Uuid, s.ResourceId);
        Assert.All(s.Points, p => Assert.Equal(8192, p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_OneResourcePerQueryAndShortSlicesOverGet_ReturnSameSeries()
    {
        var query = Query(MetricNames.HostCpuUsage, MetricResource.Host, Data.Hosts.Select(h => h.Uuid).ToList());
        var expected = await Source().QueryRangeAsync(query);

        var chunked = await Source(new PrometheusOptions { MaxResourcesPerQuery = 1, MaxPointsPerRequest = 7, UsePost = false }).QueryRangeAsync(query);

        Assert.Equal(expected.Count, chunked.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].ResourceId, chunked[i].ResourceId);
            Assert.Equal(expected[i].Points, chunked[i].Points);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_ResourcesPrometheusDoesNotKnow_GetNoSeries()
    {
        var resolver = PrometheusTargetResolver.FromMaps(new Dictionary<string, string> { ["ghost"] = "compute-9", [Data.Hosts[2].Uuid] = Data.Hosts[2].Hostname });

        var series = await Source(resolver: resolver).QueryRangeAsync(Query(MetricNames.HostCpuUsage, MetricResource.Host, ["ghost", "not-in-resolver", Data.Hosts[2].Uuid]));

        Assert.Equal([Data.Hosts[2].Uuid], series.Select(s => s.ResourceId));
    }

    [Fact]
    public async Task QueryRangeAsync_MetricWithoutExporterData_GetsNoSeries()
    {
        var series = await Source().QueryRangeAsync(Query(MetricNames.HostPower, MetricResource.Host, Data.Hosts.Select(h => h.Uuid).ToList()));

        Assert.Empty(series);
    }

    [Fact]
    public async Task QueryRangeAsync_BadPromQlOverride_ThrowsPrometheusQueryExceptionWithServerError()
    {
        var options = new PrometheusOptions();
        options.Queries[MetricNames.HostCpuUsage] = PrometheusMetricQuery.Of("100 - avg by ($label) (rate(node_cpu_seconds_total{$selector}[$window])");

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() =>
            Source(options).QueryRangeAsync(Query(MetricNames.HostCpuUsage, MetricResource.Host, [Data.Hosts[0].Uuid])));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Contains("parse error", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rate(node_cpu_seconds_total{fqdn=~", ex.Query, StringComparison.Ordinal);
    }

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private WeeklyPatternData Weekly => server.Weekly;

    /// <summary>Host CPU read straight from the backfilled gauge, so every step returns the sample written at that time.</summary>
    private PrometheusMetricsSource WeeklySource(HttpMessageHandler handler, int? maxPointsPerRequest = null)
    {
        var options = new PrometheusOptions { BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        options.Queries[MetricNames.HostCpuUsage] = PrometheusMetricQuery.Of($"max by ($label) ({WeeklyPatternData.MetricName}{{$selector}})");
        if (maxPointsPerRequest is { } max)
        {
            options.MaxPointsPerRequest = max;
        }

        var resolver = PrometheusTargetResolver.FromMaps(Weekly.Hosts.ToDictionary(h => h.Uuid, h => h.Fqdn));
        return new PrometheusMetricsSource(new HttpClient(handler), options, resolver);
    }

    private MetricRangeQuery WeeklyQuery() => new(
        MetricNames.HostCpuUsage, MetricResource.Host, Weekly.Hosts.Select(h => h.Uuid).ToList(), Weekly.First, Weekly.Last, WeeklyPatternData.Step);

    private void AssertEqualsWritten(IReadOnlyList<TimeSeries> series)
    {
        Assert.Equal(Weekly.Hosts.Select(h => h.Uuid), series.Select(s => s.ResourceId));
        for (var h = 0; h < Weekly.Hosts.Count; h++)
        {
            var points = series[h].Points;
            Assert.Equal(Weekly.Count, points.Count);
            for (var k = 0; k < Weekly.Count; k++)
            {
                Assert.Equal(Weekly.TimeAt(k), points[k].At);
                Assert.True(Math.Abs(points[k].Value - Weekly.Values[h][k]) <= 1e-9, $"host {h} sample {k} at {points[k].At:O}: got {points[k].Value}, wrote {Weekly.Values[h][k]}");
            }
        }
    }

    /// <summary>The lag (in samples) between <paramref name="minLag"/> and <paramref name="maxLag"/> with the highest Pearson autocorrelation, and that correlation.</summary>
    private static (int Lag, double Correlation) StrongestLag(double[] x, int minLag, int maxLag)
    {
        var best = (Lag: 0, Correlation: double.NegativeInfinity);
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            var n = x.Length - lag;
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
            for (var i = 0; i < n; i++)
            {
                double a = x[i], b = x[i + lag];
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
            }

            var r = ((n * sab) - (sa * sb)) / Math.Sqrt(((n * saa) - (sa * sa)) * ((n * sbb) - (sb * sb)));
            if (r > best.Correlation)
            {
                best = (lag, r);
            }
        }

        return best;
    }

    [Fact]
    public async Task QueryRangeAsync_BackfilledFiveWeeks_ReturnsExactlyWhatWasWrittenWithWeeklyPeriod()
    {
        var counting = new CountingHandler();
        var query = WeeklyQuery();

        var series = await WeeklySource(counting).QueryRangeAsync(query);

        // 10,080 steps: over the 10,000-points-per-request default, so two query_range calls, merged without a doubled boundary.
        Assert.Equal(Weekly.Count, query.Steps);
        Assert.Equal(2, counting.Count);
        AssertEqualsWritten(series);

        // The weekly period, checked here by autocorrelation over lags from 12 h to 10 days: the strongest lag is 7 days,
        // well above the daily lag (Monday's batch peak does not repeat on Tuesday).
        var perDay = (int)(TimeSpan.FromDays(1) / WeeklyPatternData.Step);
        foreach (var s in series)
        {
            var values = s.Points.Select(p => p.Value).ToArray();
            var (lag, correlation) = StrongestLag(values, perDay / 2, perDay * 10);
            Assert.Equal(Week, WeeklyPatternData.Step * lag);
            Assert.True(correlation > 0.9, $"autocorrelation at 7 days is {correlation}");
            var daily = StrongestLag(values, perDay, perDay).Correlation;
            Assert.True(daily < correlation - 0.2, $"autocorrelation at 1 day {daily} is not clearly below 7 days {correlation}");
        }
    }

    [Fact]
    public async Task QueryRangeAsync_BackfilledFiveWeeksInSmallSlices_SameSeries()
    {
        var counting = new CountingHandler();

        var series = await WeeklySource(counting, maxPointsPerRequest: 1000).QueryRangeAsync(WeeklyQuery());

        Assert.Equal(11, counting.Count); // ⌈10,080 / 1,000⌉ slices, one chunk of resources
        AssertEqualsWritten(series);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("count")]
    [InlineData("last")]
    [InlineData("p95")]
    public async Task QueryAggregateAsync_BackfilledFiveWeeks_ServerSideAggregateEqualsAggregateOfWrittenValues(string aggregation)
    {
        var counting = new CountingHandler();

        var result = await WeeklySource(counting).QueryAggregateAsync(WeeklyQuery(), aggregation);

        Assert.Equal(1, counting.Count); // one instant query for both hosts
        for (var h = 0; h < Weekly.Hosts.Count; h++)
        {
            var written = Weekly.Values[h].Select((v, k) => new MetricPoint(Weekly.TimeAt(k), v)).ToList();
            var expected = SeriesAnalysis.Aggregate(written, aggregation)!.Value;
            var got = result[Weekly.Hosts[h].Uuid];
            Assert.True(Math.Abs(got - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{aggregation} of host {h}: got {got}, expected {expected}");
        }
    }

    [Fact]
    public async Task DetectPeriods_BackfilledWeeklySeriesFromPrometheus_SevenDaysStrongerThanShorterPeriods()
    {
        var series = await WeeklySource(new HttpClientHandler()).QueryRangeAsync(WeeklyQuery());

        foreach (var s in series)
        {
            var regular = new RegularSeries(s.Points[0].At, WeeklyPatternData.Step, s.Points.Select(p => p.Value).ToArray());
            var periods = TimeSeriesAnalysis.DetectPeriods(regular);
            var all = string.Join(", ", periods);
            // 7 days is found, and no shorter period (the daily cycle) is as strong; multiples (14 days) may also be reported.
            var weekly = periods.Where(p => (p.Period - Week).Duration() <= TimeSpan.FromHours(1)).MaxBy(p => p.Strength);
            Assert.True(weekly is not null, $"no 7-day period detected; found: {all}");
            Assert.All(periods.Where(p => p.Period < Week - TimeSpan.FromHours(1)), p => Assert.True(p.Strength < weekly.Strength, $"{p} is at least as strong as {weekly}; found: {all}"));
        }
    }
}
