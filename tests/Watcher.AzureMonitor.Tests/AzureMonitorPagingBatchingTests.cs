using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor.Tests;

/// <summary>
/// Long ranges split into pages and merged, the <c>metrics:getBatch</c> endpoint with its 50-resource limit, throttling
/// retried (and exhausted), server-side aggregates and the DI registration, over recorded responses.
/// </summary>
public sealed class AzureMonitorPagingBatchingTests
{
    private const string Sub1 = "00000000-0000-0000-0000-000000000001";
    private const string Sub2 = "00000000-0000-0000-0000-000000000002";
    private const string Vm1 = $"/subscriptions/{Sub1}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-1";
    private const string Vm2 = $"/subscriptions/{Sub1}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-2";
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 6, 0, 0, TimeSpan.Zero);

    private static readonly AzureResourceResolver Resolver = AzureResourceResolver.FromMap(
        new Dictionary<string, string> { ["inst-1"] = Vm1, ["inst-2"] = Vm2 },
        new Dictionary<string, double> { ["inst-1"] = 4096 });

    private static (AzureMonitorMetricsSource Source, MockTransport Transport, FakeCredential Credential) Create(
        Func<AzureRequest, MockResponse> answer, Action<AzureMonitorOptions>? configure = null, AzureResourceResolver? resolver = null)
    {
        var transport = new MockTransport(answer);
        var options = new AzureMonitorOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        configure?.Invoke(options);
        var credential = new FakeCredential();
        return (new AzureMonitorMetricsSource(credential, options, resolver ?? Resolver), transport, credential);
    }

    private static MetricRangeQuery CpuQuery(DateTimeOffset start, DateTimeOffset end, TimeSpan step, params string[] ids) =>
        new(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids, start, end, step);

    private static MockResponse Page(AzureRequest request) => request["timespan"] switch
    {
        "2025-03-01T00:00:00Z/2025-03-02T00:00:00Z" => MockResponse.FromFile(200, "percentage-cpu-page1.json"),
        "2025-03-02T00:00:00Z/2025-03-03T00:00:00Z" => MockResponse.FromFile(200, "percentage-cpu-page2.json"),
        "2025-03-03T00:00:00Z/2025-03-03T12:00:00Z" => MockResponse.FromFile(200, "percentage-cpu-page3.json"),
        var other => new MockResponse(400, $$"""{"code":"BadRequest","message":"unexpected timespan {{other}}"}"""),
    };

    /// <summary>A recorded batch answer re-addressed to the resources a request asked for (its first entry cloned per id).</summary>
    private static MockResponse BatchFor(AzureRequest request)
    {
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Responses", "batch-percentage-cpu.json")))!;
        var template = recorded["values"]![0]!;
        var values = new JsonArray();
        foreach (var id in request.ResourceIds)
        {
            var entry = template.DeepClone();
            entry["resourceid"] = id;
            values.Add(entry);
        }

        return new MockResponse(200, new JsonObject { ["values"] = values }.ToJsonString());
    }

    [Fact]
    public async Task QueryRangeAsync_LongRange_SplitIntoPagesAndMergedWithoutDuplicateBoundaries()
    {
        var (source, transport, _) = Create(Page, o => o.MaxPointsPerRequest = 24);
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var series = await source.QueryRangeAsync(CpuQuery(start, start.AddHours(60), TimeSpan.FromHours(1), "inst-1"));

        Assert.Equal(
            ["2025-03-01T00:00:00Z/2025-03-02T00:00:00Z", "2025-03-02T00:00:00Z/2025-03-03T00:00:00Z", "2025-03-03T00:00:00Z/2025-03-03T12:00:00Z"],
            transport.Requests.Select(r => r["timespan"]).Order(StringComparer.Ordinal));
        Assert.All(transport.Requests, r => Assert.Equal("PT1H", r["interval"]));
        var points = Assert.Single(series).Points;
        // 61 hourly grains, the one without samples (hour 30) absent; each page's end boundary came back twice and is kept once.
        var expected = Enumerable.Range(0, 61).Where(h => h != 30).Select(h => start.AddHours(h)).ToList();
        Assert.Equal(expected, points.Select(p => p.At));
        Assert.Equal(30 + (20 * Math.Sin(2 * Math.PI * 24 / 24)) + (24 % 7 * 0.5), points[24].Value, 2);
    }

    [Fact]
    public void Pages_RangeAndLimits_CoverRangeInConsecutivePages()
    {
        var (source, _, _) = Create(_ => throw new InvalidOperationException(), o => o.MaxTimespanPerRequest = TimeSpan.FromDays(7));
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var minutely = source.Pages(start, start.AddDays(3), TimeSpan.FromMinutes(1)); // 1,440 grains a page
        var fiveMinutes = source.Pages(start, start.AddDays(30), TimeSpan.FromMinutes(5)); // 5 days a page
        var daily = source.Pages(start, start.AddDays(30), TimeSpan.FromDays(1)); // capped at 7 days
        var instant = source.Pages(start, start, TimeSpan.FromMinutes(1));

        Assert.Equal(3, minutely.Count);
        Assert.Equal(6, fiveMinutes.Count);
        Assert.Equal([7, 7, 7, 7, 2], daily.Select(p => (p.End - p.Start).TotalDays));
        Assert.Equal([(start, start)], instant);
        foreach (var pages in new[] { minutely, fiveMinutes, daily })
        {
            Assert.Equal(start, pages[0].Start);
            Assert.All(pages.Zip(pages.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        }
    }

    [Fact]
    public void Merge_OverlappingPages_SortedAndBoundaryKeptOnceFromEarlierPage()
    {
        List<MetricPoint> first = [new(T0, 1), new(T0.AddMinutes(5), 2)];
        List<MetricPoint> second = [new(T0.AddMinutes(5), 99), new(T0.AddMinutes(10), 3)];

        var merged = AzureMonitorMetricsSource.Merge([first, second]);

        Assert.Equal([new MetricPoint(T0, 1), new MetricPoint(T0.AddMinutes(5), 2), new MetricPoint(T0.AddMinutes(10), 3)], merged);
    }

    [Fact]
    public async Task QueryRangeAsync_BatchEndpoint_PostsGetBatchAndParsesRecordedAnswer()
    {
        var (source, transport, credential) = Create(
            _ => MockResponse.FromFile(200, "batch-percentage-cpu.json"),
            o => o.BatchEndpoint = new Uri("https://westeurope.metrics.monitor.azure.com/"));

        var series = await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1", "inst-2"));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"https://westeurope.metrics.monitor.azure.com/subscriptions/{Sub1}/metrics:getBatch", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("2025-03-03T06:00:00Z", request["starttime"]);
        Assert.Equal("2025-03-03T06:20:00Z", request["endtime"]);
        Assert.Equal("Microsoft.Compute/virtualMachines", request["metricnamespace"]);
        Assert.Equal("Percentage CPU", request["metricnames"]);
        Assert.Equal("Average", request["aggregation"]);
        Assert.Equal("PT5M", request["interval"]);
        Assert.Equal([Vm1, Vm2], request.ResourceIds);
        Assert.Equal("Bearer fake-token", request.Authorization);
        Assert.Equal(["https://metrics.monitor.azure.com/.default"], Assert.Single(credential.RequestedScopes));
        Assert.Equal(["inst-1", "inst-2"], series.Select(s => s.ResourceId));
        Assert.Equal([10, 12.5, 15, 20], series[0].Points.Select(p => p.Value)); // the 06:15 grain has no samples
        Assert.Equal([15, 17.5, 20, 25], series[1].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_120ResourcesInTwoSubscriptions_BatchesOfAtMost50PerSubscription()
    {
        var ids = Enumerable.Range(0, 120).Select(i => $"inst-{i}").ToArray();
        var resolver = new AzureResourceResolver((_, id) =>
        {
            var n = int.Parse(id[5..], System.Globalization.CultureInfo.InvariantCulture);
            return new AzureMonitorTarget($"/subscriptions/{(n < 110 ? Sub1 : Sub2)}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-{n}");
        });
        var (source, transport, _) = Create(BatchFor, o => o.BatchEndpoint = new Uri("https://westeurope.metrics.monitor.azure.com/"), resolver);

        var series = await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), ids));

        Assert.Equal(4, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.InRange(r.ResourceIds.Length, 1, AzureMonitorOptions.BatchResourceLimit));
        Assert.Equal([10, 50, 50], transport.Requests.Where(r => r.Uri.AbsolutePath.Contains(Sub1, StringComparison.Ordinal)).Select(r => r.ResourceIds.Length).Order());
        Assert.Equal([10], transport.Requests.Where(r => r.Uri.AbsolutePath.Contains(Sub2, StringComparison.Ordinal)).Select(r => r.ResourceIds.Length));
        Assert.Equal(120, transport.Requests.SelectMany(r => r.ResourceIds).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids, series.Select(s => s.ResourceId));
        Assert.All(series, s => Assert.Equal(4, s.Points.Count));
    }

    [Fact]
    public async Task QueryRangeAsync_BatchAndLongRange_EveryBatchForEveryPage()
    {
        var (source, transport, _) = Create(BatchFor, o =>
        {
            o.BatchEndpoint = new Uri("https://westeurope.metrics.monitor.azure.com/");
            o.MaxResourcesPerBatch = 1;
            o.MaxPointsPerRequest = 2;
        });

        await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1", "inst-2"));

        // Two one-resource batches × pages 06:00–06:10, 06:10–06:20.
        Assert.Equal(4, transport.Requests.Count);
        Assert.Equal(["06:00:00Z", "06:00:00Z", "06:10:00Z", "06:10:00Z"], transport.Requests.Select(r => r["starttime"]![11..]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Constructor_BatchSizeOutsideAzureLimit_ThrowsNamingLimit(int size)
    {
        var ex = Assert.Throws<ArgumentException>(() => Create(_ => throw new InvalidOperationException(), o => o.MaxResourcesPerBatch = size));

        Assert.Contains("between 1 and 50", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_BatchThrottled529ThenOk_RetriedAndSucceeds()
    {
        var calls = 0;
        var (source, transport, _) = Create(
            r => Interlocked.Increment(ref calls) == 1 ? MockResponse.FromFile(529, "batch-throttled.json", ("Retry-After", "0")) : BatchFor(r),
            o =>
            {
                o.BatchEndpoint = new Uri("https://westeurope.metrics.monitor.azure.com/");
                o.Retry.MaxRetries = 3;
            });

        var series = await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1"));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Single(series);
    }

    [Fact]
    public async Task QueryRangeAsync_Throttled429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var calls = 0;
        var (source, transport, _) = Create(
            _ => Interlocked.Increment(ref calls) == 1
                ? MockResponse.FromFile(429, "too-many-requests.json", ("Retry-After", "1"))
                : MockResponse.FromFile(200, "percentage-cpu.json"),
            o => o.Retry.MaxRetries = 3);
        var clock = Stopwatch.StartNew();

        var series = await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1"));

        // The configured backoff is 1 ms; the 1 s is Azure's Retry-After, honoured.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(3, Assert.Single(series).Points.Count);
    }

    [Fact]
    public async Task QueryRangeAsync_ThrottledOnEveryRetry_ThrowsClearThrottledExceptionAfterRetries()
    {
        var (source, transport, _) = Create(
            _ => MockResponse.FromFile(429, "too-many-requests.json", ("retry-after-ms", "5")),
            o => o.Retry.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<AzureMonitorThrottledException>(() =>
            source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1")));

        Assert.Equal(3, transport.Requests.Count); // the first try and two retries
        Assert.Equal(429, ex.Status);
        Assert.Equal("TooManyRequests", ex.ErrorCode);
        Assert.Equal(Vm1, ex.ResourceId);
        Assert.Contains("retries were used up", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Read_ObservationWindow", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_BatchThrottledOnEveryRetry_ThrowsNamingSubscription()
    {
        var (source, transport, _) = Create(
            _ => MockResponse.FromFile(529, "batch-throttled.json"),
            o =>
            {
                o.BatchEndpoint = new Uri("https://westeurope.metrics.monitor.azure.com/");
                o.Retry.MaxRetries = 1;
            });

        var ex = await Assert.ThrowsAsync<AzureMonitorThrottledException>(() =>
            source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1", "inst-2")));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(529, ex.Status);
        Assert.Contains($"/subscriptions/{Sub1} (2 resources)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAggregateAsync_Mean_AsksAzureForOneFullIntervalAverage()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "percentage-cpu-full.json"));

        var result = await source.QueryAggregateAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1"), "mean");

        var request = Assert.Single(transport.Requests);
        Assert.Equal("FULL", request["interval"]);
        Assert.Equal("Average", request["aggregation"]);
        Assert.Equal("2025-03-03T06:00:00Z/2025-03-03T06:20:00Z", request["timespan"]);
        Assert.Equal(23.25, result["inst-1"]);
    }

    [Fact]
    public async Task QueryAggregateAsync_MaxOfUsedMemory_IsMinimumOfAvailableBytes()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "available-memory-bytes-full.json"));
        var query = new MetricRangeQuery(MetricNames.InstanceRamUsage, MetricResource.Instance, ["inst-1"], T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5));

        var result = await source.QueryAggregateAsync(query, "max");

        Assert.Equal("Minimum", Assert.Single(transport.Requests)["aggregation"]);
        Assert.Equal(4096 - 1024, result["inst-1"]); // 4096 MB flavor, at least 1 GiB always free
    }

    [Fact]
    public async Task QueryAggregateAsync_Percentile_ComputedFromRawSeries()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "percentage-cpu.json"));

        var result = await source.QueryAggregateAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-1"), "p50");

        Assert.Equal("PT5M", Assert.Single(transport.Requests)["interval"]);
        Assert.Equal(17.25, result["inst-1"]); // median of 12.5, 17.25, 40
    }

    [Fact]
    public async Task AddAzureMonitor_Configuration_SelectableSourceWithMapAndTemplateResolver()
    {
        var transport = new MockTransport(_ => MockResponse.FromFile(200, "percentage-cpu.json"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:AzureMonitor:ResourceIdTemplate"] = $"/subscriptions/{Sub1}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/{{name}}",
            ["Watcher:AzureMonitor:ResourceIds:inst-b"] = Vm2,
            ["Watcher:AzureMonitor:MaxPointsPerRequest"] = "720",
            ["Watcher:AzureMonitor:Retry:MaxRetries"] = "5",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ICloud>(new FixedCloud(new ClusterModel(
            [new ComputeNode { Uuid = "host-1", Hostname = "compute-1", VCpus = 8, MemoryMb = 16384 }],
            [new Instance { Uuid = "inst-a", Name = "vm-1", VCpus = 2, MemoryMb = 2048, HostUuid = "host-1" }])));
        services.AddAzureMonitor(configuration, new FakeCredential());
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<AzureMonitorOptions>();
        options.Transport = transport; // before the source is built on first use

        var source = provider.GetRequiredService<AzureMonitorMetricsSource>();
        var series = await source.QueryRangeAsync(CpuQuery(T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5), "inst-a", "inst-b", "inst-unknown"));

        Assert.Equal(720, options.MaxPointsPerRequest);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Contains(provider.GetServices<Watcher.Application.Plugins.NamedPlugin>(), p => p.Name == "azure_monitor" && p.ImplementationType == typeof(AzureMonitorMetricsSource));
        Assert.Equal(
            ["/virtualMachines/vm-1/providers", "/virtualMachines/vm-2/providers"],
            transport.Requests.Select(r => r.Uri.AbsolutePath[r.Uri.AbsolutePath.IndexOf("/virtualMachines/", StringComparison.Ordinal)..].Replace("/Microsoft.Insights/metrics", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["inst-a", "inst-b"], series.Select(s => s.ResourceId));
        Assert.Equal("azure_monitor", source.Name);
        Assert.Equal(AzureMetricMappings.VirtualMachines.Keys.Order(StringComparer.Ordinal), source.SupportedMetrics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddAzureMonitor_WithoutCredential_BuildsSourceWithDefaultAzureCredential()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICloud>(new FixedCloud(new ClusterModel([], [])));
        services.AddAzureMonitor(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        // Building asks nothing of Azure: DefaultAzureCredential fetches a token only when a request is sent.
        Assert.Equal("azure_monitor", provider.GetRequiredService<AzureMonitorMetricsSource>().Name);
    }
}
