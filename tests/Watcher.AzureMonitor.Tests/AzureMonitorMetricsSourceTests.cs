using Azure;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor.Tests;

/// <summary>Requests, authentication, parsing, conversions and error mapping of the Azure Monitor adapter over a mock transport.</summary>
public sealed class AzureMonitorMetricsSourceTests
{
    private const string Vm1 = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-1";
    private const string Vm2 = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-2";
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 6, 0, 0, TimeSpan.Zero);

    private static readonly AzureResourceResolver Resolver = AzureResourceResolver.FromMap(
        new Dictionary<string, string> { ["inst-1"] = Vm1, ["inst-2"] = Vm2, ["host-1"] = Vm1 },
        new Dictionary<string, double> { ["inst-1"] = 4096, ["host-1"] = 8192 });

    private static MetricRangeQuery Query(string metric, params string[] ids) => new(
        metric, metric.StartsWith("host_", StringComparison.Ordinal) ? MetricResource.Host : MetricResource.Instance, ids, T0, T0.AddMinutes(20), TimeSpan.FromMinutes(5));

    private static (AzureMonitorMetricsSource Source, MockTransport Transport, FakeCredential Credential) Create(
        Func<AzureRequest, MockResponse> answer, Action<AzureMonitorOptions>? configure = null, AzureResourceResolver? resolver = null)
    {
        var transport = new MockTransport(answer);
        var options = new AzureMonitorOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        configure?.Invoke(options);
        var credential = new FakeCredential();
        return (new AzureMonitorMetricsSource(credential, options, resolver ?? Resolver), transport, credential);
    }

    [Fact]
    public async Task QueryRangeAsync_InstanceCpu_SendsDocumentedRequestWithBearerToken()
    {
        var (source, transport, credential) = Create(_ => MockResponse.FromFile(200, "percentage-cpu.json"));

        await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1"));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://management.azure.com" + Vm1 + "/providers/Microsoft.Insights/metrics", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("2023-10-01", request["api-version"]);
        Assert.Equal("Percentage CPU", request["metricnames"]);
        Assert.Equal("2025-03-03T06:00:00Z/2025-03-03T06:20:00Z", request["timespan"]);
        Assert.Equal("PT5M", request["interval"]);
        Assert.Equal("Average", request["aggregation"]);
        Assert.Equal("Bearer fake-token", request.Authorization);
        Assert.Equal(["https://management.azure.com/.default"], Assert.Single(credential.RequestedScopes));
    }

    [Fact]
    public async Task QueryRangeAsync_PercentageCpu_ParsesPointsAndSkipsEmptyGrains()
    {
        var (source, _, _) = Create(_ => MockResponse.FromFile(200, "percentage-cpu.json"));

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1"));

        var s = Assert.Single(series);
        Assert.Equal("inst-1", s.ResourceId);
        Assert.Equal(MetricNames.InstanceCpuUsage, s.Metric);
        Assert.Equal([new MetricPoint(T0, 12.5), new MetricPoint(T0.AddMinutes(5), 17.25), new MetricPoint(T0.AddMinutes(15), 40)], s.Points);
    }

    [Fact]
    public async Task QueryRangeAsync_AvailableMemoryBytesForInstance_BecomesUsedMb()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "available-memory-bytes.json"));

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceRamUsage, "inst-1"));

        Assert.Equal("Available Memory Bytes", Assert.Single(transport.Requests)["metricnames"]);
        // 4096 MB flavor: 3 GiB free → 1024 MB used; 2 GiB free → 2048 MB used.
        Assert.Equal([1024.0, 2048.0], Assert.Single(series).Points.Select(p => p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_AvailableMemoryBytesForHost_BecomesUsedKiB()
    {
        var (source, _, _) = Create(_ => MockResponse.FromFile(200, "available-memory-bytes.json"));

        var series = await source.QueryRangeAsync(Query(MetricNames.HostRamUsage, "host-1"));

        // 8192 MB host: 3 GiB free → 5 GiB = 5242880 KiB used; 2 GiB free → 6291456 KiB.
        Assert.Equal([5242880.0, 6291456.0], Assert.Single(series).Points.Select(p => p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_MemoryMetricWithoutKnownMemorySize_GivesNoSeriesWithoutRequest()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "available-memory-bytes.json"));

        Assert.Empty(await source.QueryRangeAsync(Query(MetricNames.InstanceRamUsage, "inst-2")));
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task QueryRangeAsync_SeveralResources_OneRequestEachSeriesInQueryOrder()
    {
        var (source, transport, _) = Create(_ => MockResponse.FromFile(200, "percentage-cpu.json"), o => o.MaxConcurrentRequests = 2);

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-2", "inst-1", "unmapped"));

        Assert.Equal(["inst-2", "inst-1"], series.Select(s => s.ResourceId));
        Assert.Equal(2, transport.Requests.Count);
        Assert.Contains(transport.Requests, r => r.Uri.AbsolutePath.EndsWith("/virtualMachines/vm-2/providers/Microsoft.Insights/metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryRangeAsync_UnmappedMetric_ReturnsEmptyWithoutRequest()
    {
        var (source, transport, _) = Create(_ => throw new InvalidOperationException("no request expected"));

        Assert.Empty(await source.QueryRangeAsync(Query(MetricNames.HostOutletTemp, "host-1")));
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task QueryRangeAsync_Forbidden_ThrowsAccessDeniedNamingRoleAndResource()
    {
        var (source, _, _) = Create(_ => MockResponse.FromFile(403, "authorization-failed.json"));

        var ex = await Assert.ThrowsAsync<AzureMonitorAccessDeniedException>(() => source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1")));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        Assert.Equal(Vm1, ex.ResourceId);
        Assert.Contains("Monitoring Reader", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<RequestFailedException>(ex);
    }

    [Fact]
    public async Task QueryRangeAsync_ResourceNotFound_SkipsResourceByDefault()
    {
        var (source, _, _) = Create(r => r.Uri.AbsolutePath.Contains("vm-2", StringComparison.Ordinal)
            ? MockResponse.FromFile(404, "resource-not-found.json")
            : MockResponse.FromFile(200, "percentage-cpu.json"));

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1", "inst-2"));

        Assert.Equal(["inst-1"], series.Select(s => s.ResourceId));
    }

    [Fact]
    public async Task QueryRangeAsync_ResourceNotFoundWhenNotSkipping_ThrowsNotFound()
    {
        var (source, _, _) = Create(_ => MockResponse.FromFile(404, "resource-not-found.json"), o => o.SkipMissingResources = false);

        var ex = await Assert.ThrowsAsync<AzureMonitorResourceNotFoundException>(() => source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-2")));

        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Equal(Vm2, ex.ResourceId);
    }

    [Fact]
    public async Task QueryRangeAsync_ThrottledAfterRetries_ThrowsWithRetryAfter()
    {
        var (source, transport, _) = Create(
            _ => MockResponse.FromFile(429, "too-many-requests.json", ("Retry-After", "17")),
            o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<AzureMonitorThrottledException>(() => source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1")));

        Assert.Equal(429, ex.Status);
        Assert.Equal("TooManyRequests", ex.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
        Assert.Contains("retry after 17 s", ex.Message, StringComparison.Ordinal);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task QueryRangeAsync_ThrottledOnceWithShortRetryAfter_PipelineRetriesAndSucceeds()
    {
        var calls = 0;
        var (source, transport, _) = Create(
            _ => Interlocked.Increment(ref calls) == 1
                ? MockResponse.FromFile(429, "too-many-requests.json", ("retry-after-ms", "10"))
                : MockResponse.FromFile(200, "percentage-cpu.json"),
            o => o.Retry.MaxRetries = 2);

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1"));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(3, Assert.Single(series).Points.Count);
    }

    [Fact]
    public async Task QueryRangeAsync_BadMetricName_ThrowsWithAzureMessage()
    {
        var (source, _, _) = Create(_ => MockResponse.FromFile(400, "bad-metric-name.json"), o => o.Metrics[MetricNames.InstanceCpuUsage] = AzureMetricMapping.Of("Percentage CPX"));

        var ex = await Assert.ThrowsAsync<AzureMonitorException>(() => source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1")));

        Assert.Equal(400, ex.Status);
        Assert.Equal("BadRequest", ex.ErrorCode);
        Assert.Contains("Failed to find metric configuration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_MetricErrorCodeInSuccessfulAnswer_Throws()
    {
        const string body = """{"value":[{"name":{"value":"Percentage CPU"},"errorCode":"Throttled","errorMessage":"too many metrics","timeseries":[]}]}""";
        var (source, _, _) = Create(_ => new MockResponse(200, body));

        var ex = await Assert.ThrowsAsync<AzureMonitorException>(() => source.QueryRangeAsync(Query(MetricNames.InstanceCpuUsage, "inst-1")));

        Assert.Equal("Throttled", ex.ErrorCode);
    }

    [Fact]
    public async Task QueryRangeAsync_FromClusterResolverAndMaximumAggregation_UsesFlavorMemoryAndAggregationField()
    {
        const string body = """{"value":[{"name":{"value":"Available Memory Bytes"},"errorCode":"Success","timeseries":[{"data":[{"timeStamp":"2025-03-03T06:00:00Z","average":1,"maximum":1073741824}]}]}]}""";
        var cluster = new ClusterModel(
            [new ComputeNode { Uuid = "host-1", Hostname = "compute-1", VCpus = 8, MemoryMb = 16384 }],
            [new Instance { Uuid = "inst-9", Name = "vm-9", VCpus = 2, MemoryMb = 2048, HostUuid = "host-1" }]);
        var resolver = AzureResourceResolver.FromCluster(cluster, (_, id) => id == "inst-9" ? Vm1 : null);
        var (source, transport, _) = Create(
            _ => new MockResponse(200, body),
            o => o.Metrics[MetricNames.InstanceRamUsage] = AzureMetricMapping.Of("Available Memory Bytes", AzureMetricConversion.UsedMbFromAvailableBytes, "Maximum"),
            resolver);

        var series = await source.QueryRangeAsync(Query(MetricNames.InstanceRamUsage, "inst-9", "host-1"));

        Assert.Equal("Maximum", Assert.Single(transport.Requests)["aggregation"]);
        Assert.Equal(1024, Assert.Single(series).Points[0].Value); // 2048 MB flavor − 1 GiB free
    }

    [Theory]
    [InlineData(30, "PT1M")]
    [InlineData(60, "PT1M")]
    [InlineData(300, "PT5M")]
    [InlineData(600, "PT15M")]
    [InlineData(3600, "PT1H")]
    [InlineData(7200, "PT6H")]
    [InlineData(86400, "P1D")]
    [InlineData(604800, "P1D")]
    public void Interval_Step_RoundsUpToSupportedGrain(int seconds, string expected)
    {
        Assert.Equal(expected, AzureMonitorMetricsSource.Interval(TimeSpan.FromSeconds(seconds)));
    }
}
