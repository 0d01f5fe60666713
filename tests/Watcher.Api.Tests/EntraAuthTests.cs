using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Watcher.Api.Auth;

namespace Watcher.Api.Tests;

/// <summary>
/// Mode <c>entra</c> against a real OpenID Connect issuer on loopback (<see cref="TestOidcIssuer"/>): metadata and
/// keys fetched over HTTP, RS256 signatures checked, and each way a token can be wrong answered as it should be.
/// </summary>
public sealed class EntraAuthTests : IAsyncLifetime
{
    private static readonly Dictionary<WatcherRole, string> AppRoles = new()
    {
        [WatcherRole.Reader] = "Watcher.Reader",
        [WatcherRole.Operator] = "Watcher.Operator",
        [WatcherRole.Admin] = "Watcher.Admin",
    };

    private TestOidcIssuer issuer = null!;

    public async Task InitializeAsync() => issuer = await TestOidcIssuer.StartAsync();

    public async Task DisposeAsync() => await issuer.DisposeAsync();

    [Fact]
    public async Task WalkRouteTable_EntraMode_EachRoleGetsWhatThePolicyAllows()
    {
        await using var host = await EntraHostAsync();

        var problems = new List<string>();
        problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, null, _ => { }));
        foreach (var (role, appRole) in AppRoles)
        {
            var token = issuer.Token([appRole]);
            problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, role, r => r.Headers.Authorization = new("Bearer", token)));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(1, issuer.MetadataRequests); // fetched once, then cached
    }

    [Fact]
    public async Task EntraMode_NoToken_401WithBearerChallenge()
    {
        await using var host = await EntraHostAsync();

        var (status, body, response) = await SendAsync(host, HttpMethod.Get, "/v1/audits", token: null);

        Assert.Equal(401, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired", "has expired")]
    [InlineData("audience", "another audience")]
    [InlineData("issuer", "issuer is not one this API trusts")]
    [InlineData("signature", "signature does not verify")]
    [InlineData("malformed", "not a well-formed JWT")]
    public async Task EntraMode_BadToken_401InvalidTokenNamingWhy(string wrong, string expected)
    {
        await using var host = await EntraHostAsync();
        using var otherKey = RSA.Create(2048);
        var admin = new[] { AppRoles[WatcherRole.Admin] };
        var token = wrong switch
        {
            "expired" => issuer.Token(admin, expiresIn: TimeSpan.FromMinutes(-5)),
            "audience" => issuer.Token(admin, audience: "api://someone-else"),
            "issuer" => issuer.Token(admin, issuer: "https://login.microsoftonline.com/ffffffff-0000-4000-8000-000000000000/v2.0"),
            "signature" => issuer.Token(admin, signWith: otherKey),
            _ => "not.a-jwt",
        };

        var (status, body, response) = await SendAsync(host, HttpMethod.Get, "/v1/goals", token);

        Assert.Equal(401, status);
        Assert.Contains(expected, ApiTestHost.Fault(body), StringComparison.Ordinal);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraMode_UnmappedAppRole_403OnMutationAndNothingStored()
    {
        await using var host = await EntraHostAsync();
        var token = issuer.Token(["Watcher.Guest", "Directory.Reader"]);

        var (status, body, _) = await SendAsync(host, HttpMethod.Post, "/v1/audits", token, """{"goal": "dummy"}""");

        Assert.Equal(403, status);
        Assert.Contains("holds no Watcher role", ApiTestHost.Fault(body), StringComparison.Ordinal);
        var (_, list, _) = await SendAsync(host, HttpMethod.Get, "/v1/audits", issuer.Token([AppRoles[WatcherRole.Reader]]));
        Assert.Empty(list!["audits"]!.AsArray());
    }

    [Fact]
    public async Task EntraMode_ReaderToken_ListsButCannotCreate()
    {
        await using var host = await EntraHostAsync();
        var token = issuer.Token([AppRoles[WatcherRole.Reader]]);

        var (listed, _, _) = await SendAsync(host, HttpMethod.Get, "/v1/audits", token);
        var (created, body, _) = await SendAsync(host, HttpMethod.Post, "/v1/audits", token, """{"goal": "dummy"}""");

        Assert.Equal(200, listed);
        Assert.Equal(403, created);
        Assert.Contains("needs the operator role; the caller is a reader", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraMode_TokenInXAuthToken_AcceptedAsWatchersCliSendsIt()
    {
        await using var host = await EntraHostAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/audits");
        request.Headers.Add("X-Auth-Token", issuer.Token([AppRoles[WatcherRole.Reader]]));
        using var expired = new HttpRequestMessage(HttpMethod.Get, "/v1/audits");
        expired.Headers.Add("X-Auth-Token", issuer.Token([AppRoles[WatcherRole.Reader]], expiresIn: TimeSpan.FromMinutes(-5)));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(expired)).StatusCode);
    }

    [Fact]
    public async Task EntraMode_ConfiguredRoleAndScopeMaps_GrantTheirRoles()
    {
        await using var host = await EntraHostAsync(new()
        {
            ["Watcher:Auth:Entra:RoleMap:Ops"] = "operator",
            ["Watcher:Auth:Entra:ScopeMap:Watcher.Read"] = "reader",
        });

        var (byRole, _, _) = await SendAsync(host, HttpMethod.Post, "/v1/audits", issuer.Token(["Ops"]), """{"audit_type": "ONESHOT", "goal": "dummy"}""");
        var (byScope, _, _) = await SendAsync(host, HttpMethod.Get, "/v1/audits", issuer.Token([], scopes: "openid Watcher.Read"));
        var (scopeCannotWrite, _, _) = await SendAsync(host, HttpMethod.Post, "/v1/audits", issuer.Token([], scopes: "Watcher.Read"), """{"goal": "dummy"}""");

        Assert.Equal(201, byRole);
        Assert.Equal(200, byScope);
        Assert.Equal(403, scopeCannotWrite);
    }

    [Fact]
    public async Task EntraMode_IssuerDown_503NotAnError500()
    {
        var token = issuer.Token([AppRoles[WatcherRole.Admin]]);
        var settings = issuer.Settings();
        settings["Watcher:Auth:Entra:Authority"] = $"http://127.0.0.1:{Ports.Free()}/00000000-0000-4000-8000-0000000000aa/v2.0"; // nothing listens
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(settings));

        var (status, body, _) = await SendAsync(host, HttpMethod.Get, "/v1/goals", token);
        var (anonymous, _, _) = await SendAsync(host, HttpMethod.Get, "/v1/goals", token: null);
        var (health, _, _) = await SendAsync(host, HttpMethod.Get, "/health", token: null);

        Assert.Equal(503, status);
        Assert.Contains("metadata cannot be reached", ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal(401, anonymous);
        Assert.Equal(200, health);
    }

    [Fact]
    public async Task EntraMode_IssuerBackAfterOutage_TokensAcceptedAgain()
    {
        var port = Ports.Free();
        var settings = issuer.Settings();
        settings["Watcher:Auth:Entra:Authority"] = $"http://127.0.0.1:{port}/{TestOidcIssuer.Tenant}/v2.0";
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(settings));
        var (down, _, _) = await SendAsync(host, HttpMethod.Get, "/v1/goals", issuer.Token([AppRoles[WatcherRole.Reader]]));

        await using var restarted = await TestOidcIssuer.StartAsync(port);
        var token = restarted.Token([AppRoles[WatcherRole.Reader]]);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int status;
        while ((status = (await SendAsync(host, HttpMethod.Get, "/v1/goals", token)).Status) == 503 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(503, down);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task EntraMode_AnyToken_TextNeverLogged()
    {
        var logs = new FakeLogCollector();
        using var otherKey = RSA.Create(2048);
        await using var host = await EntraHostAsync(logging: b =>
        {
            b.Services.AddSingleton(logs);
            b.Logging.AddProvider(new FakeLoggerProvider(logs));
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        var tokens = new[]
        {
            issuer.Token([AppRoles[WatcherRole.Admin]]),
            issuer.Token([AppRoles[WatcherRole.Admin]], expiresIn: TimeSpan.FromMinutes(-5)),
            issuer.Token([AppRoles[WatcherRole.Admin]], signWith: otherKey),
            issuer.Token([AppRoles[WatcherRole.Admin]], audience: "api://someone-else"),
            "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQtdGV4dA.c2VjcmV0LXNpZ25hdHVyZS10ZXh0",
        };

        foreach (var token in tokens)
        {
            await SendAsync(host, HttpMethod.Get, "/v1/goals", token);
        }

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("bearer token rejected", StringComparison.OrdinalIgnoreCase)); // the logs were captured
        foreach (var token in tokens)
        {
            // The payload and signature are the token's secret parts (the header is a public, constant algorithm name).
            var parts = token.Split('.');
            var leaked = records.Where(r => (r.Message + r.Exception).Contains(parts[1], StringComparison.Ordinal) || (r.Message + r.Exception).Contains(parts[2], StringComparison.Ordinal));
            Assert.Empty(leaked.Select(r => $"{r.Category}: {r.Message}"));
        }
    }

    [Theory]
    [InlineData(null, "Authority (or Watcher:Auth:Entra:TenantId) is not set")]
    [InlineData("http://login.example.test/tenant/v2.0", "must be an https URL")]
    public void AddWatcherAuth_EntraModeMisconfigured_RefusesToStartNamingTheKey(string? authority, string expected)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Auth:Mode"] = "entra",
            ["Watcher:Auth:Entra:Authority"] = authority,
            ["Watcher:Auth:Entra:Audience"] = "api://watcher",
        }).Build());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WatcherAuthSettings>());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWatcherAuth_EntraModeWithoutAudience_RefusesToStart()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Watcher:Auth:Mode"] = "entra",
            ["Watcher:Auth:Entra:TenantId"] = "00000000-0000-4000-8000-0000000000aa",
        }).Build(), allowOpenMode: false);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WatcherAuthSettings>());

        Assert.Contains("Watcher:Auth:Entra:Audience", ex.Message, StringComparison.Ordinal);
    }

    private Task<ApiTestHost> EntraHostAsync(Dictionary<string, string?>? extra = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? logging = null) =>
        ApiTestHost.StartAsync(configure: b =>
        {
            var settings = issuer.Settings();
            foreach (var (k, v) in extra ?? [])
            {
                settings[k] = v;
            }

            b.Configuration.AddInMemoryCollection(settings);
            logging?.Invoke(b);
        });

    private static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(ApiTestHost host, HttpMethod method, string path, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("OpenStack-API-Version", "infra-optim latest");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }
}
