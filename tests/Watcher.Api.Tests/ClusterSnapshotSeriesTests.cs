using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>GET /v1/cluster_snapshot with include=series: raw history from the selected datasource, validated and bounded.</summary>
public sealed class ClusterSnapshotSeriesTests
{
    [Fact]
    public async Task Snapshot_IncludeSeries_EmbedsOneSeriesPerResourceOnTheGrid()
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 4, instances: 8);

        var snapshot = await host.GetOkAsync("/v1/cluster_snapshot?include=series&metrics=host_cpu_usage,instance_cpu_usage&period=86400&granularity=3600");

        var hosts = snapshot["hosts"]!.AsArray().Select(h => h!["uuid"]!.GetValue<string>()).ToList();
        var series = snapshot["series"]!.AsObject();
        Assert.Equal(hosts.Order(StringComparer.Ordinal), series["hosts"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(8, series["instances"]!.AsObject().Count);
        var one = series["hosts"]![hosts[0]]!["host_cpu_usage"]!;
        Assert.Equal(3600, one["step_seconds"]!.GetValue<long>());
        Assert.Equal(24, one["values"]!.AsArray().Count);
        Assert.Contains(one["values"]!.AsArray(), v => v is not null);
        var start = DateTimeOffset.Parse(one["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, start.ToUnixTimeSeconds() % 3600);
    }

    [Fact]
    public async Task Snapshot_WithoutInclude_NoSeriesSection()
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 2, instances: 2);

        var snapshot = await host.GetOkAsync("/v1/cluster_snapshot");

        Assert.Null(snapshot["series"]);
    }

    [Theory]
    [InlineData("include=history", "include")]
    [InlineData("include=series", "metrics is required")]
    [InlineData("include=series&metrics=cpu", "cpu")]
    [InlineData("include=series&metrics=host_cpu_usage&period=abc", "period")]
    [InlineData("include=series&metrics=host_cpu_usage&granularity=10", "granularity")]
    [InlineData("include=series&metrics=host_cpu_usage&period=3600&granularity=7200", "granularity")]
    [InlineData("include=series&metrics=host_cpu_usage&period=2592000&granularity=60", "samples per series")]
    [InlineData("period=3600", "include=series")]
    public async Task Snapshot_BadSeriesQuery_Returns400NamingTheProblem(string query, string expected)
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 2, instances: 2);

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/cluster_snapshot?" + query);

        Assert.Equal(400, status);
        Assert.Contains(expected, ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_SeriesTooLarge_Returns400NamingTheSize()
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 10, instances: 200);

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/cluster_snapshot?include=series&metrics=instance_cpu_usage,instance_ram_usage&period=2592000&granularity=300");

        Assert.Equal(400, status);
        Assert.Contains("values", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }
}
