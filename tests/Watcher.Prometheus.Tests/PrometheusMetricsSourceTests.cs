using System.Net;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus.Tests;

/// <summary>Request building, chunking, parsing and error mapping, against a stub HTTP handler.</summary>
public sealed class PrometheusMetricsSourceTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly PrometheusTargetResolver Hosts = PrometheusTargetResolver.FromMaps(
        new Dictionary<string, string> { ["h1"] = "compute1", ["h2"] = "compute2.example.org", ["h3"] = "node(3)" });

    private static MetricRangeQuery HostQuery(params string[] ids) =>
        new(MetricNames.HostCpuUsage, MetricResource.Host, ids, T0, T0.AddMinutes(10), TimeSpan.FromMinutes(5));

    private static string Matrix(params (string Label, string Value, (double At, string V)[] Points)[] series) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" +
        string.Join(',', series.Select(s => $"{{\"metric\":{{\"{s.Label}\":\"{s.Value}\"}},\"values\":[" +
            string.Join(',', s.Points.Select(p => $"[{p.At.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"{p.V}\"]")) + "]}")) +
        "]}}";

    private static string[] ValuesIn(string promql)
    {
        var start = promql.IndexOf("=~\"", StringComparison.Ordinal) + 3;
        return promql[start..promql.IndexOf('"', start)].Split('|');
    }

    private static double Unix(int minutes) => T0.AddMinutes(minutes).ToUnixTimeSeconds();

    private static (PrometheusMetricsSource Source, StubHandler Handler) Create(
        Func<RecordedRequest, HttpResponseMessage> answer, PrometheusOptions? options = null, PrometheusTargetResolver? resolver = null)
    {
        var handler = new StubHandler(answer);
        options ??= new PrometheusOptions { BaseUrl = new Uri("http://prom.test:9090/prefix") };
        return (new PrometheusMetricsSource(new HttpClient(handler), options, resolver ?? Hosts), handler);
    }

    [Fact]
    public async Task QueryRangeAsync_HostCpu_PostsWatcherQueryWithRangeParameters()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Matrix(("fqdn", "compute1", [(Unix(0), "12.5"), (Unix(5), "20")]))));

        var series = await source.QueryRangeAsync(HostQuery("h1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://prom.test:9090/prefix/api/v1/query_range", request.Uri.ToString());
        Assert.Equal(
            "100 - (avg by (fqdn) (rate(node_cpu_seconds_total{mode=\"idle\",fqdn=~\"compute1(?:\\\\..+)?\"}[300s])) * 100)",
            request.Query);
        Assert.Equal(T0.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Fields["start"]);
        Assert.Equal(T0.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Fields["end"]);
        Assert.Equal("300", request.Fields["step"]);
        Assert.Equal("30s", request.Fields["timeout"]);
        var s = Assert.Single(series);
        Assert.Equal("h1", s.ResourceId);
        Assert.Equal(MetricNames.HostCpuUsage, s.Metric);
        Assert.Equal([new MetricPoint(T0, 12.5), new MetricPoint(T0.AddMinutes(5), 20)], s.Points);
    }

    [Fact]
    public async Task QueryRangeAsync_NaNAndInfSamples_AreSkipped()
    {
        var (source, _) = Create(_ => StubHandler.Json(Matrix(("fqdn", "compute1", [(Unix(0), "NaN"), (Unix(5), "+Inf"), (Unix(10), "-Inf"), (Unix(15), "7")]))));

        var series = await source.QueryRangeAsync(HostQuery("h1"));

        Assert.Equal([new MetricPoint(T0.AddMinutes(15), 7)], Assert.Single(series).Points);
    }

    [Fact]
    public async Task QueryRangeAsync_ResourcesWithoutData_GetNoSeries()
    {
        var (source, _) = Create(_ => StubHandler.Json(Matrix(("fqdn", "compute2.example.org", [(Unix(0), "1")]))));

        var series = await source.QueryRangeAsync(HostQuery("h1", "h2", "unknown-host"));

        Assert.Equal(["h2"], series.Select(s => s.ResourceId));
    }

    [Fact]
    public async Task QueryRangeAsync_ShortHostnameAndFqdnLabel_MatchesAndPrefersExactLabel()
    {
        var (source, _) = Create(_ => StubHandler.Json(Matrix(
            ("fqdn", "compute1.example.org", [(Unix(0), "1")]),
            ("fqdn", "compute1", [(Unix(0), "2")]),
            ("fqdn", "compute10.example.org", [(Unix(0), "3")]))));

        var series = await source.QueryRangeAsync(HostQuery("h1"));

        Assert.Equal(2, Assert.Single(series).Points[0].Value);
    }

    [Fact]
    public async Task QueryRangeAsync_ShortHostnameOnlyFqdnInPrometheus_MapsBack()
    {
        var (source, _) = Create(_ => StubHandler.Json(Matrix(("fqdn", "compute1.example.org", [(Unix(0), "1")]))));

        var series = await source.QueryRangeAsync(HostQuery("h1"));

        Assert.Equal("h1", Assert.Single(series).ResourceId);
    }

    [Fact]
    public async Task QueryRangeAsync_SpecialCharactersInLabelValues_AreRegexAndStringEscaped()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Matrix()));

        await source.QueryRangeAsync(HostQuery("h2", "h3"));

        Assert.Contains("fqdn=~\"compute2\\\\.example\\\\.org|node\\\\(3\\\\)(?:\\\\..+)?\"", Assert.Single(handler.Requests).Query);
    }

    [Fact]
    public async Task QueryRangeAsync_MoreResourcesThanChunkSize_SplitsIntoSeveralQueries()
    {
        var ids = Enumerable.Range(0, 7).Select(i => $"i{i}").ToArray();
        var options = new PrometheusOptions { MaxResourcesPerQuery = 3 };
        var (source, handler) = Create(
            r => StubHandler.Json(Matrix(ValuesIn(r.Query).Select(id => ("resource", id, new[] { (Unix(0), "10") })).ToArray())),
            options,
            PrometheusTargetResolver.FromMaps(new Dictionary<string, string>(), instanceVCpus: new Dictionary<string, int> { ["i0"] = 2 }));

        var series = await source.QueryRangeAsync(new MetricRangeQuery(MetricNames.InstanceCpuUsage, MetricResource.Instance, ids, T0, T0, TimeSpan.FromMinutes(1)));

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Contains("ceilometer_cpu{resource=~", r.Query, StringComparison.Ordinal));
        Assert.Equal(ids, series.Select(s => s.ResourceId));
        Assert.Equal(5, series[0].Points[0].Value); // 10 % of one vCPU over 2 vCPUs
        Assert.Equal(10, series[1].Points[0].Value); // vCPUs unknown: 1, as Watcher assumes
    }

    [Fact]
    public async Task QueryRangeAsync_SelectorLengthLimit_SplitsIntoSeveralQueries()
    {
        var options = new PrometheusOptions { MaxSelectorLength = 40 };
        var ids = Enumerable.Range(0, 4).Select(i => $"0000000{i}-aaaa-bbbb-cccc-dddddddddddd").ToArray();
        var (source, handler) = Create(_ => StubHandler.Json(Matrix()), options, PrometheusTargetResolver.FromMaps(new Dictionary<string, string>()));

        await source.QueryRangeAsync(new MetricRangeQuery(MetricNames.InstanceRamUsage, MetricResource.Instance, ids, T0, T0, TimeSpan.FromMinutes(1)));

        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task QueryRangeAsync_MoreStepsThanPerRequestLimit_SplitsTimeAndConcatenates()
    {
        var options = new PrometheusOptions { MaxPointsPerRequest = 4 };
        var (source, handler) = Create(
            r =>
            {
                var start = double.Parse(r.Fields["start"], System.Globalization.CultureInfo.InvariantCulture);
                var end = double.Parse(r.Fields["end"], System.Globalization.CultureInfo.InvariantCulture);
                var points = new List<(double, string)>();
                for (var t = start; t <= end; t += 60)
                {
                    points.Add((t, "1"));
                }

                return StubHandler.Json(Matrix(("fqdn", "compute1", points.ToArray())));
            },
            options);

        var series = await source.QueryRangeAsync(new MetricRangeQuery(MetricNames.HostCpuUsage, MetricResource.Host, ["h1"], T0, T0.AddMinutes(9), TimeSpan.FromMinutes(1)));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => T0.AddMinutes(i)), Assert.Single(series).Points.Select(p => p.At));
    }

    [Fact]
    public async Task QueryRangeAsync_StatusErrorBody_ThrowsPrometheusQueryException()
    {
        var (source, _) = Create(_ => StubHandler.Json(
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:10: parse error: unexpected end of input\"}", HttpStatusCode.BadRequest));

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => source.QueryRangeAsync(HostQuery("h1")));

        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("parse error", ex.Message, StringComparison.Ordinal);
        Assert.Contains("node_cpu_seconds_total", ex.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_HttpErrorWithHtmlBody_ThrowsWithStatusAndSnippet()
    {
        var (source, _) = Create(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") });

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => source.QueryRangeAsync(HostQuery("h1")));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("502", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad gateway", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_SeriesWithoutResourceLabel_ThrowsNamingTheLabel()
    {
        var (source, _) = Create(_ => StubHandler.Json(Matrix(("job", "node", [(Unix(0), "1")]))));

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => source.QueryRangeAsync(HostQuery("h1")));

        Assert.Contains("'fqdn'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_ServerTooSlow_ThrowsTimeout()
    {
        var handler = new SlowHandler();
        var source = new PrometheusMetricsSource(new HttpClient(handler), new PrometheusOptions { Timeout = TimeSpan.FromMilliseconds(100) }, Hosts);

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => source.QueryRangeAsync(HostQuery("h1")));

        Assert.Equal("timeout", ex.ErrorType);
    }

    [Fact]
    public async Task QueryRangeAsync_UnknownMetricOrNoResources_ReturnsEmptyWithoutRequest()
    {
        var options = new PrometheusOptions();
        options.Queries.Remove(MetricNames.HostPower);
        var (source, handler) = Create(_ => throw new InvalidOperationException("no request expected"), options);

        Assert.Empty(await source.QueryRangeAsync(HostQuery("h1") with { Metric = MetricNames.HostPower }));
        Assert.Empty(await source.QueryRangeAsync(HostQuery("unknown")));
        Assert.Empty(await source.QueryRangeAsync(HostQuery()));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task QueryRangeAsync_UsePostFalse_SendsGetWithEncodedQueryString()
    {
        var (source, handler) = Create(_ => StubHandler.Json(Matrix()), new PrometheusOptions { UsePost = false });

        await source.QueryRangeAsync(HostQuery("h1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Contains("query=100%20-%20", request.Uri.Query, StringComparison.Ordinal);
        Assert.StartsWith("100 - (avg by (fqdn)", request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_TemplateOverrideWithLabelOverride_UsesBoth()
    {
        var options = PrometheusOptions.ForLibvirtExporter(new Uri("http://prom.test/"));
        options.Queries[MetricNames.InstanceRamUsage] = PrometheusMetricQuery.Of("avg_over_time(mem_mb{$selector}[$window]) # step $step", label: "domain");
        var resolver = PrometheusTargetResolver.FromMaps(new Dictionary<string, string>(), new Dictionary<string, string> { ["uuid-1"] = "instance-00000001" });
        var (source, handler) = Create(_ => StubHandler.Json(Matrix(("domain", "instance-00000001", [(Unix(0), "512")]))), options, resolver);

        var series = await source.QueryRangeAsync(new MetricRangeQuery(MetricNames.InstanceRamUsage, MetricResource.Instance, ["uuid-1"], T0, T0, TimeSpan.FromMinutes(10)));

        Assert.Equal("avg_over_time(mem_mb{domain=~\"instance-00000001\"}[600s]) # step 600s", Assert.Single(handler.Requests).Query);
        Assert.Equal(512, Assert.Single(series).Points[0].Value);
    }

    [Fact]
    public void Constructor_RelativeBaseUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PrometheusMetricsSource(new HttpClient(), new PrometheusOptions { BaseUrl = new Uri("/x", UriKind.Relative) }, Hosts));
    }
}
