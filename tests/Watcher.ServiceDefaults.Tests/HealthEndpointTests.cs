using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Watcher.Domain.Persistence;

namespace Watcher.ServiceDefaults.Tests;

/// <summary><c>/health/live</c> and <c>/health/ready</c> from the health checks.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Ready_AllDependenciesAnswer_Returns200WithEveryCheck()
    {
        await using var app = await TestApps.StartAsync(TestApps.Builder(new InMemoryDocumentStore()));
        using var client = app.GetTestClient();

        // Each check answers within 1 s; a cold first probe (JIT, first cluster build) may take longer on a busy
        // machine and then answers the next request: readiness is polled, as Kubernetes does.
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        while (true)
        {
            response = await client.GetAsync(new Uri(ServiceDefaultsExtensions.ReadyPath, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK || watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                break;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        using var answer = response;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsObject();
        Assert.Equal(["cloud", "datasource", "durable", "storage"], checks.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.Equal("Healthy", c.Value!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ready_StorageHangs_Returns503WithinTheCheckTimeout()
    {
        await using var app = await TestApps.StartAsync(TestApps.Builder(new HangingDocumentStore()));
        using var client = app.GetTestClient();
        var watch = Stopwatch.StartNew();

        using var response = await client.GetAsync(new Uri(ServiceDefaultsExtensions.ReadyPath, UriKind.Relative));

        watch.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var storage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!["storage"]!;
        Assert.Equal("Unhealthy", storage["status"]!.GetValue<string>());
        Assert.True(watch.Elapsed < ServiceDefaultsExtensions.ReadyCheckTimeout + TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Live_StorageHangs_StillReturns200()
    {
        await using var app = await TestApps.StartAsync(TestApps.Builder(new HangingDocumentStore()));
        using var client = app.GetTestClient();

        using var response = await client.GetAsync(new Uri(ServiceDefaultsExtensions.LivePath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }
}
