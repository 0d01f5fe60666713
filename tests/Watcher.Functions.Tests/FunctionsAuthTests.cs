using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Api.Auth;

namespace Watcher.Functions.Tests;

/// <summary>The Functions app's catch-all dispatch runs the same identity check as the local host, before any handler.</summary>
public sealed class FunctionsAuthTests
{
    private const string ReaderKey = "functions-reader-key";

    private static async Task<(int Status, JsonNode? Body)> DispatchAsync(string method, string path, string? key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Auth:Mode"] = "api_key",
            ["Watcher:Auth:ApiKeys:0:Name"] = "reader",
            ["Watcher:Auth:ApiKeys:0:Role"] = "reader",
            ["Watcher:Auth:ApiKeys:0:Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ReaderKey))),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(configuration, allowOpenMode: false);
        await using var provider = services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Request.Method = method;
        http.Request.Path = path;
        if (key is not null)
        {
            http.Request.Headers["X-Api-Key"] = key;
        }

        using var body = new MemoryStream();
        http.Response.Body = body;

        // No Durable client: a request that got past identity into a handler needing one would fail, not pass.
        await FunctionsHttp.DispatchAsync(http, client: null!, NullLogger.Instance);

        return (http.Response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body.ToArray()));
    }

    [Fact]
    public async Task DispatchAsync_AnonymousCreateAudit_401WithWatcherErrorBody()
    {
        var (status, body) = await DispatchAsync("POST", "/v1/audits", key: null);

        Assert.Equal(401, status);
        Assert.NotNull(body?["error_message"]);
    }

    [Fact]
    public async Task DispatchAsync_ReaderStartsAPlan_403NamingTheRole()
    {
        var (status, body) = await DispatchAsync("POST", "/v1/action_plans/00000000-0000-4000-8000-000000000000/start", ReaderKey);

        Assert.Equal(403, status);
        Assert.Contains("needs the operator role", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_AnonymousReset_401()
    {
        var (status, _) = await DispatchAsync("POST", "/v1/simulator/reset", key: null);

        Assert.Equal(401, status);
    }
}
