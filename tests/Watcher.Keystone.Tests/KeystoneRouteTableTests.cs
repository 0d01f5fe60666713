using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Watcher.Api.Auth;
using Watcher.Api.Tests;

namespace Watcher.Keystone.Tests;

/// <summary>
/// The whole route table in keystone mode with real Keystone tokens: anonymous, reader, operator and admin each get
/// exactly what the policy table allows (walked from the host's registered endpoints); a bad token and a token of
/// another project (when Watcher serves one project) are refused.
/// </summary>
[Collection(KeystoneCollection.Name)]
public sealed class KeystoneRouteTableTests(KeystoneCloud keystone)
{
    [Fact]
    public async Task WalkRouteTable_KeystoneMode_EachRoleGetsWhatThePolicyAllows()
    {
        await using var host = await StartAsync(keystone.Settings());

        var problems = new List<string>();
        problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, null, _ => { }));
        foreach (var role in new[] { WatcherRole.Reader, WatcherRole.Operator, WatcherRole.Admin })
        {
            var token = await keystone.TokenAsync(role);
            problems.AddRange(await RouteWalk.WalkAsync(host.Client, host.Services, role, r => r.Headers.Add("X-Auth-Token", token)));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task CreateAudit_ReaderToken_403AndNothingStored_OperatorToken_201()
    {
        await using var host = await StartAsync(keystone.Settings());
        var reader = await keystone.TokenAsync(WatcherRole.Reader);
        var operatorToken = await keystone.TokenAsync(WatcherRole.Operator);

        var denied = await SendAsync(host, HttpMethod.Post, "/v1/audits", reader, """{"goal": "dummy"}""");
        var listed = await SendAsync(host, HttpMethod.Get, "/v1/audits", reader);
        var created = await SendAsync(host, HttpMethod.Post, "/v1/audits", operatorToken, """{"goal": "dummy", "audit_type": "ONESHOT"}""");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("is a reader", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("\"audits\":[]", (await listed.Content.ReadAsStringAsync()).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnyRoute_GarbageToken_401WithKeystoneChallenge()
    {
        await using var host = await StartAsync(keystone.Settings());

        var response = await SendAsync(host, HttpMethod.Get, "/v1/goals", "gAAAAAB-not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Keystone", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectScopedWatcher_TokenOfAnotherProject_401()
    {
        var settings = keystone.Settings();
        settings["Watcher:Auth:Keystone:ProjectId"] = "0123456789abcdef0123456789abcdef";
        await using var host = await StartAsync(settings);

        var response = await SendAsync(host, HttpMethod.Get, "/v1/goals", await keystone.TokenAsync(WatcherRole.Admin));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not scoped to the project", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<ApiTestHost> StartAsync(Dictionary<string, string?> settings) => ApiTestHost.StartAsync(configure: b =>
    {
        b.Configuration.AddInMemoryCollection(settings);
        b.Services.AddKeystoneAuth(b.Configuration);
    });

    private static async Task<HttpResponseMessage> SendAsync(ApiTestHost host, HttpMethod method, string path, string token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await host.Client.SendAsync(request);
    }
}
