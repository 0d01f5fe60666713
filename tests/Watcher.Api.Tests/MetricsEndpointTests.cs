using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>
/// <c>GET /v1/metrics/series</c> and <c>/v1/metrics/patterns</c> on the simulated cloud and its metrics: the resource
/// resolved by uuid or hostname, raw points at the asked granularity, every bad parameter a 400 naming it, an unknown
/// resource a 404; and projected weekly profiles on the plan detail.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Start = "2026-11-02T00:00:00Z";
    private const string End = "2026-11-02T06:00:00Z";

    [Fact]
    public async Task Series_HostByHostname_ReturnsRawPointsAtTheGranularity()
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var body = await host.GetOkAsync($"/v1/metrics/series?resource={node.Hostname}&metric=host_cpu_usage&start={Start}&end={End}&granularity=600");

        Assert.Equal(node.Uuid, body["resource_uuid"]!.GetValue<string>());
        Assert.Equal("host", body["resource_kind"]!.GetValue<string>());
        Assert.Equal(node.Hostname, body["resource_name"]!.GetValue<string>());
        Assert.Equal("%", body["unit"]!.GetValue<string>());
        Assert.Equal("simulator", body["datasource"]!.GetValue<string>());
        Assert.Equal(600, body["granularity"]!.GetValue<int>());
        var points = body["points"]!.AsArray();
        Assert.Equal(37, points.Count);
        var times = points.Select(p => DateTimeOffset.Parse(p!["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(DateTimeOffset.Parse(Start, CultureInfo.InvariantCulture), times[0]);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(600), pair.Second - pair.First));
        Assert.All(points, p => Assert.InRange(p!["value"]!.GetValue<double>(), 0, 100));
    }

    [Fact]
    public async Task Series_SameRangeAsTheDatasource_ReturnsItsPointsUnaggregated()
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[1];
        var source = host.Services.GetRequiredService<IMetricsSource>();
        var expected = (await source.QueryRangeAsync(new MetricRangeQuery(
            MetricNames.HostCpuUsage, MetricResource.Host, [node.Uuid], DateTimeOffset.Parse(Start, CultureInfo.InvariantCulture), DateTimeOffset.Parse(End, CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5))))[0].Points;

        var body = await host.GetOkAsync($"/v1/metrics/series?resource={node.Uuid}&metric=host_cpu_usage&start={Start}&end={End}");

        Assert.Equal(expected.Select(p => p.Value), body["points"]!.AsArray().Select(p => p!["value"]!.GetValue<double>()));
    }

    [Fact]
    public async Task Series_InstanceByUuid_ReturnsInstanceKindNameAndUnit()
    {
        await using var host = await ApiTestHost.StartAsync();
        var instance = (await Cluster(host)).Instances[0];

        var body = await host.GetOkAsync($"/v1/metrics/series?resource={instance.Uuid}&metric=instance_cpu_usage&start={Start}&end={End}&granularity=3600");

        Assert.Equal("instance", body["resource_kind"]!.GetValue<string>());
        Assert.Equal(instance.Name, body["resource_name"]!.GetValue<string>());
        Assert.Equal(7, body["points"]!.AsArray().Count);
    }

    [Fact]
    public async Task Series_NoRangeGiven_ReturnsTheLastSevenDaysEvery300Seconds()
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var body = await host.GetOkAsync($"/v1/metrics/series?resource={node.Uuid}&metric=host_cpu_usage");

        var start = DateTimeOffset.Parse(body["start"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(body["end"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(7), end - start);
        Assert.InRange(DateTimeOffset.UtcNow - end, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.Equal(300, body["granularity"]!.GetValue<int>());
        Assert.Equal((7 * 288) + 1, body["points"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("metric=host_cpu_usage", "'resource'")]
    [InlineData("resource={host}", "'metric'")]
    [InlineData("resource={host}&metric=cpu", "Unknown metric 'cpu'")]
    [InlineData("resource={host}&metric=instance_cpu_usage", "'metric'")]
    [InlineData("resource={host}&metric=host_cpu_usage&start=yesterday", "'start'")]
    [InlineData("resource={host}&metric=host_cpu_usage&end=2026-13-45", "'end'")]
    [InlineData("resource={host}&metric=host_cpu_usage&start=2026-11-02T06:00:00Z&end=2026-11-02T00:00:00Z", "'end'")]
    [InlineData("resource={host}&metric=host_cpu_usage&granularity=0", "'granularity'")]
    [InlineData("resource={host}&metric=host_cpu_usage&granularity=5m", "'granularity'")]
    [InlineData("resource={host}&metric=host_cpu_usage&granularity=10", "at most 20000")]
    public async Task Series_BadParameter_Returns400NamingIt(string query, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/metrics/series?" + query.Replace("{host}", node.Uuid, StringComparison.Ordinal));

        Assert.Equal(400, status);
        Assert.Contains(named, ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal("Client", JsonNode.Parse(body!["error_message"]!.GetValue<string>())!["faultcode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("series")]
    [InlineData("patterns")]
    public async Task Metrics_UnknownResource_Returns404NamingIt(string endpoint)
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, $"/v1/metrics/{endpoint}?resource=no-such-host&metric=host_cpu_usage");

        Assert.Equal(404, status);
        Assert.Contains("no-such-host", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("series")]
    [InlineData("patterns")]
    public async Task Metrics_MetricTheDatasourceDoesNotServe_Returns400NamingDatasourceAndMetric(string endpoint)
    {
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Services.AddSingleton<IMetricsSource>(new CpuOnlySource()));
        var node = (await Cluster(host)).Hosts[0];

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, $"/v1/metrics/{endpoint}?resource={node.Uuid}&metric=host_power");

        Assert.Equal(400, status);
        var fault = ApiTestHost.Fault(body);
        Assert.Contains("'cpu-only'", fault, StringComparison.Ordinal);
        Assert.Contains("'host_power'", fault, StringComparison.Ordinal);
        Assert.Contains("'metric'", fault, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metric=host_cpu_usage", "'resource'")]
    [InlineData("resource={host}&metric=host_cpu_usage&days=0", "'days'")]
    [InlineData("resource={host}&metric=host_cpu_usage&days=many", "'days'")]
    [InlineData("resource={host}&metric=host_cpu_usage&granularity=7200", "'granularity'")]
    [InlineData("resource={host}&metric=host_cpu_usage&days=30&granularity=60", "at most 20000")]
    [InlineData("resource={host}&metric=nonsense", "Unknown metric")]
    public async Task Patterns_BadParameter_Returns400NamingIt(string query, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/metrics/patterns?" + query.Replace("{host}", node.Hostname, StringComparison.Ordinal));

        Assert.Equal(400, status);
        Assert.Contains(named, ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    /// <summary>The simulator's host CPU has a daily cycle: the patterns name it, with the profile and a banded forecast.</summary>
    [Fact]
    public async Task Patterns_HostWithDailyCycle_ReturnsPeriodsHourOfWeekProfileAndForecast()
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var body = await host.GetOkAsync($"/v1/metrics/patterns?resource={node.Uuid}&metric=host_cpu_usage");

        Assert.Equal(3600, body["granularity"]!.GetValue<int>());
        Assert.Equal(28 * 24, body["samples"]!.GetValue<int>());
        var periods = body["periods"]!.AsArray();
        Assert.Contains(periods, p => Math.Abs(p!["period_seconds"]!.GetValue<double>() - 86_400) < 3600);
        Assert.All(periods, p => Assert.InRange(p!["strength"]!.GetValue<double>(), 0, 1));
        var profile = body["hour_of_week"]!.AsArray();
        Assert.Equal(168, profile.Count);
        Assert.All(profile, v => Assert.InRange(v!.GetValue<double>(), 0, 100));
        var forecast = body["forecast"]!;
        Assert.Equal(3600, forecast["step_seconds"]!.GetValue<double>());
        Assert.Equal(168, forecast["values"]!.AsArray().Count);
        Assert.Equal(body["end"]!.GetValue<string>(), forecast["start"]!.GetValue<string>());
        for (var i = 0; i < 168; i++)
        {
            var value = forecast["values"]![i]!.GetValue<double>();
            Assert.InRange(value, forecast["lower"]![i]!.GetValue<double>(), forecast["upper"]![i]!.GetValue<double>());
        }

        Assert.True(forecast["error_estimate"]!.GetValue<double>() >= 0);
    }

    [Fact]
    public async Task Patterns_TwoDaysOfHistory_AnswersWithAProfileAndForecast()
    {
        await using var host = await ApiTestHost.StartAsync();
        var node = (await Cluster(host)).Hosts[0];

        var body = await host.GetOkAsync($"/v1/metrics/patterns?resource={node.Uuid}&metric=host_cpu_usage&days=2");

        Assert.Equal(48, body["samples"]!.GetValue<int>());
        Assert.Equal(168, body["hour_of_week"]!.AsArray().Count);
        Assert.Equal(168, body["forecast"]!["values"]!.AsArray().Count);
    }

    [Fact]
    public async Task GetPlan_WithProjectedProfiles_ShowsThemOnTheDetail()
    {
        await using var host = await ApiTestHost.StartAsync();
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        const string uuid = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        var before = Enumerable.Range(0, 168).Select(h => h % 24 == 9 ? 95.0 : 40.0).ToArray();
        var after = Enumerable.Range(0, 168).Select(h => h % 24 == 9 ? 70.0 : 40.0).ToArray();
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "periodic_contention_balance",
            State = ActionPlanState.Recommended,
            ProjectedProfiles = [new ProjectedProfile("h1", "compute-1", MetricNames.HostCpuUsage, before, after, 80)],
        });

        var plan = await host.GetOkAsync($"/v1/action_plans/{uuid}");
        var list = await host.GetOkAsync("/v1/action_plans");

        var profile = plan["projected_profiles"]!.AsArray().Single()!;
        Assert.Equal("compute-1", profile["hostname"]!.GetValue<string>());
        Assert.Equal(80, profile["threshold"]!.GetValue<double>());
        Assert.Equal(before, profile["before"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(after, profile["after"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Null(list["action_plans"]!.AsArray().Single()!["projected_profiles"]);
    }

    private static Task<Watcher.Domain.Cluster.ClusterModel> Cluster(ApiTestHost host) =>
        host.Services.GetRequiredService<ICloud>().GetClusterAsync();

    /// <summary>A datasource that serves host CPU only.</summary>
    private sealed class CpuOnlySource : IMetricsSource
    {
        public string Name => "cpu-only";

        public IReadOnlyCollection<string> SupportedMetrics { get; } = [MetricNames.HostCpuUsage];

        public Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TimeSeries>>([]);
    }
}
