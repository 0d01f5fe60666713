using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.ServiceDefaults;

namespace Watcher.Functions.Tests;

/// <summary>The Functions app serves the service defaults' /health/live and /health/ready through its catch-all trigger, as the local host does.</summary>
public sealed class FunctionsHealthTests
{
    private static async Task<(int Status, JsonNode Body)> GetAsync(string path, bool readyHealthy)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live])
            .AddCheck("storage", () => readyHealthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("down"), [HealthTags.Ready]);
        using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Request.Method = "GET";
        http.Request.Path = path;
        using var body = new MemoryStream();
        http.Response.Body = body;

        await FunctionsHttp.DispatchAsync(http, client: null!, NullLogger.Instance);

        return (http.Response.StatusCode, JsonNode.Parse(body.ToArray())!);
    }

    [Fact]
    public async Task DispatchAsync_HealthLive_200WithOnlyTheLiveCheck()
    {
        var (status, body) = await GetAsync("/health/live", readyHealthy: false);

        Assert.Equal(200, status);
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Equal(["self"], body["checks"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task DispatchAsync_HealthReadyWithAFailingCheck_503NamingIt()
    {
        var (status, body) = await GetAsync("/health/ready", readyHealthy: false);

        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", body["checks"]!["storage"]!["status"]!.GetValue<string>());
    }
}
