using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Api.Auth;

namespace Watcher.Functions.Tests;

/// <summary>
/// The Functions app's composition serves mode <c>entra</c> too (AddWatcherAuth registers the JwtBearer scheme): a
/// request without a token gets the Bearer challenge, and with the issuer unreachable a token gets 503, not 500.
/// Token validation itself is tested against a real issuer in Watcher.Api.Tests (EntraAuthTests).
/// </summary>
public sealed class FunctionsEntraAuthTests
{
    private static async Task<(int Status, JsonNode? Body, string Challenge)> DispatchAsync(string method, string path, string? bearer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Auth:Mode"] = "entra",
            // Nothing listens there: the issuer is down.
            ["Watcher:Auth:Entra:Authority"] = $"http://127.0.0.1:{FreePort()}/00000000-0000-4000-8000-0000000000aa/v2.0",
            ["Watcher:Auth:Entra:ClientId"] = "6f1c0c55-0000-4000-8000-00000000c1d0",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(configuration, allowOpenMode: false);
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(AuthModes.Entra, provider.GetRequiredService<WatcherAuthSettings>().Mode);
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Request.Method = method;
        http.Request.Path = path;
        if (bearer is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + bearer;
        }

        using var body = new MemoryStream();
        http.Response.Body = body;

        await FunctionsHttp.DispatchAsync(http, client: null!, NullLogger.Instance);

        return (http.Response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body.ToArray()), http.Response.Headers.WWWAuthenticate.ToString());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task DispatchAsync_EntraModeAnonymousDelete_401BearerChallenge()
    {
        var (status, body, challenge) = await DispatchAsync("DELETE", "/v1/audits/00000000-0000-4000-8000-000000000000", bearer: null);

        Assert.Equal(401, status);
        Assert.Equal("Bearer", challenge);
        Assert.NotNull(body?["error_message"]);
    }

    [Fact]
    public async Task DispatchAsync_EntraModeIssuerDown_503WithWatcherErrorBody()
    {
        var (status, body, _) = await DispatchAsync("GET", "/v1/audits", bearer: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");

        Assert.Equal(503, status);
        Assert.Contains("metadata cannot be reached", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
