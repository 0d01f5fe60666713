using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Api.Auth;

namespace Watcher.Api.Tests;

/// <summary>The identity seam in memory: the policy table's rules, mode <c>none</c> (loopback only) and mode <c>api_key</c> over the whole route table.</summary>
public sealed class AuthPolicyTests
{
    private static readonly Dictionary<WatcherRole, string> Keys = new()
    {
        [WatcherRole.Reader] = "reader-key-1f0c",
        [WatcherRole.Operator] = "operator-key-77aa",
        [WatcherRole.Admin] = "admin-key-9d2e",
    };

    [Fact]
    public void For_EveryMutatingRoute_NeedsAtLeastAnOperator()
    {
        var open = WatcherApi.Routes.Where(ApiPolicy.IsMutating).Where(r => ApiPolicy.Defaults.For(r) is var rule && (rule.Public || rule.MinRole < WatcherRole.Operator)).Select(r => r.Name);

        Assert.Empty(open);
    }

    [Fact]
    public void For_SimulatorControlRoutes_AdminOnly()
    {
        Assert.Equal(WatcherRole.Admin, ApiPolicy.Defaults.For(WatcherApi.Find("SetSimulatorFaults")).MinRole);
        Assert.Equal(WatcherRole.Admin, ApiPolicy.Defaults.For(WatcherApi.Find("ResetSimulator")).MinRole);
        Assert.Equal(WatcherRole.Reader, ApiPolicy.Defaults.For(WatcherApi.Find("GetSimulator")).MinRole);
    }

    [Fact]
    public void For_OnlyHealthAndDashboardFiles_ArePublic()
    {
        var open = WatcherApi.Routes.Where(r => ApiPolicy.Defaults.For(r).Public).Select(r => r.Template).Order(StringComparer.Ordinal);

        Assert.Equal(["health", "ui", "ui/vendor/{file}", "ui/{file}"], open);
    }

    [Fact]
    public void Constructor_OverrideOpeningAMutatingRouteToReaders_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ApiPolicy([new("DeleteAudit", WatcherRole.Reader)]));

        Assert.Contains("DeleteAudit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_OverrideMakingARouteStricter_Applies()
    {
        var policy = new ApiPolicy([new("DeleteAudit", WatcherRole.Admin), new("ListAudits", WatcherRole.Operator)]);

        Assert.Equal("role:admin", policy.For(WatcherApi.Find("DeleteAudit")).ToString());
        Assert.Equal(WatcherRole.Operator, policy.For(WatcherApi.Find("ListAudits")).MinRole);
    }

    [Fact]
    public async Task WalkRouteTable_ApiKeyMode_EachRoleGetsWhatThePolicyAllows()
    {
        await using var host = await ApiKeyHostAsync();

        var problems = new List<string>();
        problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, null, _ => { }));
        foreach (var (role, key) in Keys)
        {
            problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, role, r => r.Headers.Add("X-Api-Key", key)));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task ApiKeyMode_WrongKey_401NamingTheProblem()
    {
        await using var host = await ApiKeyHostAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");
        request.Headers.Add("X-Auth-Token", "not-a-key");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("API key is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyMode_ReaderKeyInAuthToken_ListsButCannotCreate()
    {
        await using var host = await ApiKeyHostAsync();

        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/audits");
        list.Headers.Add("X-Auth-Token", Keys[WatcherRole.Reader]);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/audits") { Content = new StringContent("""{"goal": "dummy"}""", Encoding.UTF8, "application/json") };
        create.Headers.Add("X-Auth-Token", Keys[WatcherRole.Reader]);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(list)).StatusCode);
        var denied = await host.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("needs the operator role", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/v1/audits");
        again.Headers.Add("X-Auth-Token", Keys[WatcherRole.Reader]);
        var audits = System.Text.Json.Nodes.JsonNode.Parse(await (await host.Client.SendAsync(again)).Content.ReadAsStringAsync())!["audits"]!.AsArray();
        Assert.Empty(audits);
    }

    [Fact]
    public async Task WalkRouteTable_NoneModeInProcess_EverythingPassesIdentity()
    {
        await using var host = await ApiTestHost.StartAsync();

        var problems = await RouteWalk.WalkAsync(host.Client, host.Services, WatcherRole.Admin, _ => { });

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task NoneMode_CallerNotOnLoopback_401()
    {
        await using var host = await ApiTestHost.StartAsync();
        var server = (TestServer)host.Services.GetRequiredService<IServer>();

        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/v1/goals";
            c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        });

        Assert.Equal(401, context.Response.StatusCode);
    }

    [Fact]
    public void AddWatcherAuth_NoneModeWhereNotAllowed_RefusesToStart()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWatcherAuth(new ConfigurationBuilder().Build(), allowOpenMode: false);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WatcherAuthSettings>());

        Assert.Contains("'none'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sesame", "not a mode")]
    [InlineData("entra", "Watcher:Auth:Entra:Authority")]
    [InlineData("keystone", "AddKeystoneAuth")]
    [InlineData("api_key", "lists no key")]
    [InlineData("api_key", "64 hex digits", "not-a-hash")]
    public void AddWatcherAuth_ModeThatCannotServe_RefusesToStartNamingWhy(string mode, string expected, string? hash = null)
    {
        var services = new ServiceCollection().AddLogging();
        var settings = new Dictionary<string, string?> { ["Watcher:Auth:Mode"] = mode };
        if (hash is not null)
        {
            settings["Watcher:Auth:ApiKeys:0:Name"] = "ci";
            settings["Watcher:Auth:ApiKeys:0:Sha256"] = hash;
        }

        services.AddWatcherAuth(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<WatcherAuthSettings>());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireLoopbackWhenOpen_AnyAddress_Throws()
    {
        var settings = new WatcherAuthSettings(AuthModes.None, ApiPolicy.Defaults);

        settings.RequireLoopbackWhenOpen(IPAddress.Loopback);
        Assert.Throws<InvalidOperationException>(() => settings.RequireLoopbackWhenOpen(IPAddress.Any));
        new WatcherAuthSettings(AuthModes.ApiKey, ApiPolicy.Defaults).RequireLoopbackWhenOpen(IPAddress.Any);
    }

    private static Task<ApiTestHost> ApiKeyHostAsync() => ApiTestHost.StartAsync(configure: b =>
    {
        var settings = new Dictionary<string, string?> { ["Watcher:Auth:Mode"] = "api_key" };
        var i = 0;
        foreach (var (role, key) in Keys)
        {
            settings[$"Watcher:Auth:ApiKeys:{i}:Name"] = role + "-holder";
            settings[$"Watcher:Auth:ApiKeys:{i}:Role"] = role.ToString().ToLowerInvariant();
            settings[$"Watcher:Auth:ApiKeys:{i}:Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            i++;
        }

        b.Configuration.AddInMemoryCollection(settings);
    });
}
