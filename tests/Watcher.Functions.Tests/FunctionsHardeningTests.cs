using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Api.Auth;
using Watcher.Api.Hardening;

namespace Watcher.Functions.Tests;

/// <summary>The Functions app's catch-all dispatch runs the same web hardening as the local host (docs/security.md "Web hardening").</summary>
public sealed class FunctionsHardeningTests
{
    private static async Task<(int Status, JsonNode? Body, IHeaderDictionary Headers)> DispatchAsync(string method, string path, string host, string? contentType = null, string? body = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Http:AllowedHosts:0"] = "watcher.azurewebsites.net",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(configuration).AddWatcherHttp(configuration).AddHealthChecks();
        await using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString(host);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = contentType;
        }

        using var response = new MemoryStream();
        http.Response.Body = response;

        // No Durable client: a request that got past the hardening into a handler needing one would fail, not pass.
        await FunctionsHttp.DispatchAsync(http, client: null!, NullLogger.Instance);

        return (http.Response.StatusCode, response.Length == 0 ? null : JsonNode.Parse(response.ToArray()), http.Response.Headers);
    }

    [Fact]
    public async Task DispatchAsync_HostNotAllowed_400NamingHost()
    {
        var (status, body, headers) = await DispatchAsync("GET", "/v1/goals", "rebound.example");

        Assert.Equal(400, status);
        Assert.Contains("Host 'rebound.example' is not allowed", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task DispatchAsync_AllowedHost_LinksFromIt()
    {
        var (status, body, _) = await DispatchAsync("GET", "/v1/goals", "watcher.azurewebsites.net");

        Assert.Equal(200, status);
        Assert.StartsWith("https://watcher.azurewebsites.net/", body!["goals"]![0]!["links"]![0]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_FormPost_415()
    {
        var (status, body, _) = await DispatchAsync("POST", "/v1/audit_templates", "watcher.azurewebsites.net", "application/x-www-form-urlencoded", "name=t&goal=dummy");

        Assert.Equal(415, status);
        Assert.Contains("application/x-www-form-urlencoded", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_HealthAndNotFound_CarrySecurityHeaders()
    {
        foreach (var path in new[] { "/health/live", "/nothing" })
        {
            var (_, _, headers) = await DispatchAsync("GET", path, "watcher.azurewebsites.net");

            Assert.Equal("DENY", headers.XFrameOptions.ToString());
            Assert.Contains("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        }
    }
}
