using System.Net;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus.Tests;

/// <summary>The adapter against a real Prometheus serving backfilled node_exporter, Ceilometer and libvirt series.</summary>
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
}
