using System.Diagnostics;
using System.Text.Json.Nodes;
using Watcher.Api.Auth;

namespace Watcher.Keystone.Tests;

/// <summary>
/// OpenStack Watcher's own CLI (Debian python3-watcherclient, <c>/usr/bin/watcher</c>) with real Keystone credentials:
/// it authenticates with a password and finds our API in the service catalog, where each test registers service type
/// <c>infra-optim</c> and a public endpoint in a region of its own, as a deployer would, and removes them after.
/// </summary>
[Collection(KeystoneCollection.Name)]
public sealed class WatcherCliKeystoneTests(KeystoneCloud keystone) : IAsyncLifetime
{
    private const string WatcherCli = "/usr/bin/watcher";

    private readonly string region = "watcher-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> registered = [];
    private KestrelApiHost? host;

    public async Task InitializeAsync()
    {
        host = await KestrelApiHost.StartAsync(keystone.Settings());
        await keystone.AdminAsync(HttpMethod.Post, "regions", new JsonObject { ["region"] = new JsonObject { ["id"] = region, ["description"] = "Watcher auth tests" } });
        registered.Add("regions/" + region);
        var service = await keystone.AdminAsync(HttpMethod.Post, "services", new JsonObject { ["service"] = new JsonObject { ["type"] = "infra-optim", ["name"] = "watcher-" + keystone.Suffix, ["description"] = "Watcher under test" } });
        registered.Insert(0, "services/" + service!["service"]!["id"]!.GetValue<string>());
        var endpoint = await keystone.AdminAsync(HttpMethod.Post, "endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject { ["service_id"] = service["service"]!["id"]!.GetValue<string>(), ["interface"] = "public", ["region_id"] = region, ["url"] = host.Url },
        });
        registered.Insert(0, "endpoints/" + endpoint!["endpoint"]!["id"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        foreach (var path in registered)
        {
            await keystone.AdminAsync(HttpMethod.Delete, path);
        }

        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task GoalListAndAuditCreate_ReaderUser_ListsButCreateIsForbidden()
    {
        var (listExit, listOut, listErr) = await RunAsync(WatcherRole.Reader, "goal", "list", "-f", "json");
        Assert.True(listExit == 0, $"goal list as reader failed:\n{listOut}\n{listErr}");
        Assert.Contains(JsonNode.Parse(listOut)!.AsArray(), g => g!["Name"]!.GetValue<string>() == "dummy");

        var (exit, stdout, stderr) = await RunAsync(WatcherRole.Reader, "audit", "create", "-g", "dummy", "-f", "json");

        Assert.True(exit != 0, $"audit create as reader must fail; got 0 with:\n{stdout}");
        Assert.Contains("HTTP 403", stderr, StringComparison.Ordinal);
        Assert.Contains("needs the operator role", stderr, StringComparison.Ordinal);
        var (_, audits, _) = await RunAsync(WatcherRole.Reader, "audit", "list", "-f", "json");
        Assert.Empty(JsonNode.Parse(audits)!.AsArray());
    }

    [Fact]
    public async Task AuditCreate_OperatorUser_CreatedThroughTheCatalogEndpoint()
    {
        var (exit, stdout, stderr) = await RunAsync(WatcherRole.Operator, "audit", "create", "-g", "dummy", "--name", "by-operator", "-f", "json");

        Assert.True(exit == 0, $"audit create as operator (our endpoint {host!.Url}) failed:\n{stdout}\n{stderr}");
        Assert.Equal("by-operator", JsonNode.Parse(stdout)!["Name"]!.GetValue<string>());
        var (_, audits, _) = await RunAsync(WatcherRole.Reader, "audit", "list", "-f", "json");
        Assert.Single(JsonNode.Parse(audits)!.AsArray());
    }

    [Fact]
    public async Task GoalList_NoCredentials_401()
    {
        var (exit, stdout, stderr) = await RunCliAsync(["--os-endpoint-override", host!.Url, "goal", "list", "-f", "json"]);

        Assert.True(exit != 0, $"goal list without a token must fail; got 0 with:\n{stdout}");
        Assert.Contains("401", stderr, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(WatcherRole role, params string[] command) => RunCliAsync(
    [
        "--os-auth-url", KeystoneCloud.AuthUrl,
        "--os-username", keystone.Users[role],
        "--os-password", keystone.Password,
        "--os-project-name", keystone.ProjectName,
        "--os-user-domain-name", "Default",
        "--os-project-domain-name", "Default",
        "--os-region-name", region,
        .. command,
    ]);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(WatcherCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments count: an OS_* variable of whoever runs the tests must not leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + WatcherCli);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
