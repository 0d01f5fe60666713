using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus.Tests;

/// <summary>Server-side aggregates (instant queries), authentication headers and the retry policy, against a stub handler.</summary>
public sealed class PrometheusAggregateAndAuthTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly PrometheusTargetResolver Resolver = PrometheusTargetResolver.FromMaps(
        new Dictionary<string, string> { ["h1"] = "compute1", ["h2"] = "compute2" },
        instanceVCpus: new Dictionary<string, int> { ["i1"] = 4 });

    private static MetricRangeQuery HostQuery(params string[] ids) =>
        new(MetricNames.HostCpuUsage, MetricResource.Host, ids, T0, T0.AddHours(1), TimeSpan.FromMinutes(5));

    private static string Vector(params (string Label, string Value, string V)[] series) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" +
        string.Join(',', series.Select(s => $"{{\"metric\":{{\"{s.Label}\":\"{s.Value}\"}},\"value\":[{T0.AddHours(1).ToUnixTimeSeconds()},\"{s.V}\"]}}")) +
        "]}}";

    private static (PrometheusMetricsSource Source, StubHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> answer, PrometheusOptions? options = null)
    {
        var handler = new StubHandler(answer);
        options ??= new PrometheusOptions();
        options.BaseUrl = new Uri("http://prom.test:9090/");
        return (new PrometheusMetricsSource(new HttpClient(handler), options, Resolver), handler);
    }

    [Theory]
    [InlineData("mean", "avg_over_time")]
    [InlineData("min", "min_over_time")]
    [InlineData("max", "max_over_time")]
    [InlineData("count", "count_over_time")]
    [InlineData("last", "last_over_time")]
    public async Task QueryAggregateAsync_Aggregation_SendsInstantQueryWithOverTimeSubquery(string aggregation, string function)
    {
        var (source, handler) = Create(_ => StubHandler.Json(Vector(("fqdn", "compute1", "42.5"), ("fqdn", "compute2", "7"))));

        var result = await source.QueryAggregateAsync(HostQuery("h1", "h2"), aggregation);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://prom.test:9090/api/v1/query", request.Uri.ToString());
        Assert.Equal(T0.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Fields["time"]);
        Assert.False(request.Fields.ContainsKey("step"));
        // One hour plus 1 ms, so the first step is inside the range on Prometheus 2 (closed) and 3 (left-open) alike.
        Assert.Equal(
            $"{function}((100 - (avg by (fqdn) (rate(node_cpu_seconds_total{{mode=\"idle\",fqdn=~\"compute1(?:\\\\..+)?|compute2(?:\\\\..+)?\"}}[300s])) * 100))[3600001ms:300s])",
            request.Query);
        Assert.Equal(42.5, result["h1"]);
        Assert.Equal(7, result["h2"]);
    }

    [Fact]
    public async Task QueryAggregateAsync_Percentile_UsesQuantileOverTime()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Vector(("fqdn", "compute1", "91"))));

        var result = await source.QueryAggregateAsync(HostQuery("h1"), "p95");

        Assert.StartsWith("quantile_over_time(0.95, (100 - ", Assert.Single(handler.Requests).Query, StringComparison.Ordinal);
        Assert.Equal(91, result["h1"]);
    }

    [Fact]
    public async Task QueryAggregateAsync_ResourceWithoutData_IsAbsent()
    {
        var (source, _) = Create(_ => StubHandler.Json(Vector(("fqdn", "compute2", "NaN"))));

        var result = await source.QueryAggregateAsync(HostQuery("h1", "h2"), "max");

        Assert.Empty(result);
    }

    [Fact]
    public async Task QueryAggregateAsync_UnknownAggregation_ThrowsValidation()
    {
        var (source, handler) = Create(_ => throw new InvalidOperationException("no request expected"));

        await Assert.ThrowsAsync<Watcher.Domain.Errors.ValidationException>(() => source.QueryAggregateAsync(HostQuery("h1"), "median"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task QueryAggregateAsync_InstanceCpuMax_DividesByVCpusAndClamps()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Vector(("resource", "i1", "480"))));
        var query = new MetricRangeQuery(MetricNames.InstanceCpuUsage, MetricResource.Instance, ["i1"], T0, T0.AddHours(1), TimeSpan.FromMinutes(5));

        var result = await source.QueryAggregateAsync(query, "max");

        Assert.StartsWith("max_over_time((avg by (resource) (rate(ceilometer_cpu{", Assert.Single(handler.Requests).Query, StringComparison.Ordinal);
        Assert.Equal(100, result["i1"]); // 480 % of one vCPU over 4 vCPUs = 120 %, clamped at 100
    }

    [Fact]
    public async Task QueryAggregateAsync_InstanceCpuMean_AggregatesClampedRawSeriesClientSide()
    {
        // Per-instance division then clamping does not commute with a mean: the adapter reads the range instead.
        var matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"resource\":\"i1\"},\"values\":[" +
            $"[{T0.ToUnixTimeSeconds()},\"480\"],[{T0.AddMinutes(5).ToUnixTimeSeconds()},\"80\"]]}}]}}}}";
        var (source, handler) = Create(_ => StubHandler.Json(matrix));
        var query = new MetricRangeQuery(MetricNames.InstanceCpuUsage, MetricResource.Instance, ["i1"], T0, T0.AddMinutes(5), TimeSpan.FromMinutes(5));

        var result = await source.QueryAggregateAsync(query, "mean");

        Assert.EndsWith("/api/v1/query_range", Assert.Single(handler.Requests).Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal((100 + 20) / 2.0, result["i1"]);
    }

    [Fact]
    public async Task QueryRangeAsync_BearerToken_SentAsAuthorizationHeader()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Vector()), new PrometheusOptions { BearerToken = "s3cr3t-token", UsePost = false });

        await source.QueryAggregateAsync(HostQuery("h1"), "mean");

        Assert.Equal("Bearer s3cr3t-token", Assert.Single(handler.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task QueryRangeAsync_BasicAuthAndExtraHeader_SentOnEveryRequest()
    {
        var options = new PrometheusOptions { BasicAuthUsername = "watcher", BasicAuthPassword = "pa:ss", MaxPointsPerRequest = 5 };
        options.Headers["X-Scope-OrgID"] = "tenant-1";
        var (source, handler) = Create(_ => StubHandler.Json("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"), options);

        await source.QueryRangeAsync(HostQuery("h1"));

        Assert.Equal(3, handler.Requests.Count); // 13 steps in slices of 5
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal("Basic " + Convert.ToBase64String("watcher:pa:ss"u8.ToArray()), r.Header("Authorization"));
            Assert.Equal("tenant-1", r.Header("X-Scope-OrgID"));
        });
    }

    [Fact]
    public async Task QueryRangeAsync_FailureWithCredentials_MessageNamesNoSecret()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("Unauthorized") });
        var options = new PrometheusOptions { BaseUrl = new Uri("http://watcher:urlsecret@prom.test:9090/"), BasicAuthUsername = "watcher", BasicAuthPassword = "pw-secret" };
        var source = new PrometheusMetricsSource(new HttpClient(handler), options, Resolver);
        var unreachable = new PrometheusMetricsSource(
            new HttpClient(new StubHandler(_ => throw new HttpRequestException("connection refused"))),
            new PrometheusOptions { BaseUrl = new Uri("http://watcher:urlsecret@prom.test:9090/"), BearerToken = "token-secret" },
            Resolver);

        var refused = await Assert.ThrowsAsync<PrometheusQueryException>(() => source.QueryRangeAsync(HostQuery("h1")));
        var down = await Assert.ThrowsAsync<PrometheusQueryException>(() => unreachable.QueryRangeAsync(HostQuery("h1")));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("http://prom.test:9090/", down.Message, StringComparison.Ordinal);
        foreach (var text in new[] { refused.ToString(), down.ToString() })
        {
            Assert.DoesNotContain("pw-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("token-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("urlsecret", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String("watcher:pw-secret"u8.ToArray()), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_BearerAndBasicAuthBoth_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Create(_ => StubHandler.Json(Vector()), new PrometheusOptions { BearerToken = "t", BasicAuthUsername = "u" }));

        Assert.Contains("not both", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"t\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPrometheusMetricsSource_ServerErrorThenSuccess_RetriedByResilienceHandler()
    {
        var calls = 0;
        var stub = new StubHandler(_ => Interlocked.Increment(ref calls) <= 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("upstream down") }
            : StubHandler.Json(Vector(("fqdn", "compute1", "12"))));
        await using var services = Services(stub, maxRetries: 3);

        var result = await services.GetRequiredService<PrometheusMetricsSource>().QueryAggregateAsync(HostQuery("h1"), "mean");

        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(12, result["h1"]);
        Assert.All(stub.Requests, r => Assert.Equal("Bearer di-token", r.Header("Authorization")));
    }

    [Fact]
    public async Task AddPrometheusMetricsSource_ServerErrorEveryTime_ThrowsAfterConfiguredRetries()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") });
        await using var services = Services(stub, maxRetries: 2);

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => services.GetRequiredService<PrometheusMetricsSource>().QueryRangeAsync(HostQuery("h1")));

        Assert.Equal(3, stub.Requests.Count); // the first attempt and two retries
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
    }

    [Fact]
    public async Task AddPrometheusMetricsSource_BadRequest_NotRetried()
    {
        var stub = new StubHandler(_ => StubHandler.Json("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}", HttpStatusCode.BadRequest));
        await using var services = Services(stub, maxRetries: 3);

        await Assert.ThrowsAsync<PrometheusQueryException>(() => services.GetRequiredService<PrometheusMetricsSource>().QueryRangeAsync(HostQuery("h1")));

        Assert.Single(stub.Requests);
    }

    private static ServiceProvider Services(StubHandler stub, int maxRetries)
    {
        var services = new ServiceCollection();
        var options = new PrometheusOptions
        {
            BaseUrl = new Uri("http://prom.test:9090/"),
            BearerToken = "di-token",
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        services.AddPrometheusMetricsSource(options, _ => Resolver);
        services.AddHttpClient(PrometheusServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }
}
