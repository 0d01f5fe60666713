using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Handlers;
using Watcher.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// The connector wired as a host wires it (DI, the factory's HttpClient with the OpenStack resilience pipeline)
/// against the mini OpenStack, plus what tests need to arrange: booting servers pinned to a host (Nova ≥ 2.74) and
/// deleting them again.
/// </summary>
public sealed class MiniCloud : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<string> _servers = [];

    public MiniCloud(MiniOpenStackFixture fixture, Action<OpenStackOptions>? configure = null)
    {
        var options = new OpenStackOptions
        {
            AuthUrl = fixture.AuthUrl,
            Username = fixture.Username,
            Password = fixture.Password,
            ProjectName = fixture.ProjectName,
            Region = fixture.Region,
            OperationTimeout = TimeSpan.FromMinutes(2),
            // The fake driver finishes most operations in 1-3 s: poll tighter than production so the suite fits CI's budget.
            MinPollInterval = TimeSpan.FromMilliseconds(100),
            MaxPollInterval = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        _services = new ServiceCollection().AddOpenStack(options).BuildServiceProvider();
    }

    public OpenStackCloud Cloud => _services.GetRequiredService<OpenStackCloud>();

    public OpenStackClient Client => _services.GetRequiredService<OpenStackClient>();

    public NovaOperations Nova => _services.GetRequiredService<NovaOperations>();

    /// <summary>The connector's handlers with the any-cloud ones, as the hosts register them.</summary>
    public IReadOnlyList<IActionHandler> Handlers => [.. _services.GetServices<IActionHandler>(), new SleepHandler(), new NopHandler()];

    public ActionRegistry Registry => new(ActionCatalog.Default, Handlers, Cloud);

    /// <summary>Boots <paramref name="count"/> servers of <paramref name="flavor"/> on <paramref name="host"/> and waits until they are ACTIVE.</summary>
    public async Task<IReadOnlyList<string>> BootAsync(int count, string host, string flavor = "m1.tiny", string prefix = "watcher-test")
    {
        var flavors = await Client.GetAsync(OpenStackClient.Compute, "flavors");
        var flavorId = OpenStackCloud.Objects(flavors["flavors"]).Single(f => OpenStackCloud.Str(f, "name") == flavor)["id"]!.GetValue<string>();
        var image = OpenStackCloud.Objects((await Client.GetAsync("image", "v2/images?name=tiny"))["images"]).First()["id"]!.GetValue<string>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await Client.SendAsync(HttpMethod.Post, OpenStackClient.Compute, "servers", new JsonObject
            {
                ["server"] = new JsonObject
                {
                    ["name"] = $"{prefix}-{i}",
                    ["flavorRef"] = flavorId,
                    ["imageRef"] = image,
                    ["networks"] = "none",
                    ["host"] = host,
                },
            });
            var id = created!["server"]!["id"]!.GetValue<string>();
            ids.Add(id);
            lock (_servers)
            {
                _servers.Add(id);
            }
        }

        var watch = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            while (true)
            {
                var server = await Nova.ServerAsync(id) ?? throw new InvalidOperationException($"server {id} vanished");
                var status = OpenStackCloud.Str(server, "status");
                if (status == "ACTIVE")
                {
                    break;
                }

                if (status == "ERROR" || watch.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException($"server {id} did not boot: {status} {server["fault"]}");
                }

                await Task.Delay(200);
            }
        }

        return ids;
    }

    /// <summary>The service host Nova shows the server on.</summary>
    public async Task<string?> HostOfAsync(string id) => await Nova.ServerAsync(id) is { } server ? NovaOperations.HostOf(server) : null;

    /// <summary>Deletes the servers this instance booted and waits until Nova has forgotten them.</summary>
    public async Task DeleteServersAsync()
    {
        List<string> ids;
        lock (_servers)
        {
            ids = [.. _servers];
            _servers.Clear();
        }

        foreach (var id in ids)
        {
            try
            {
                await Client.SendAsync(HttpMethod.Delete, OpenStackClient.Compute, $"servers/{id}", null);
            }
            catch (OpenStackApiException)
            {
                // Already gone.
            }
        }

        var watch = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            while (await Nova.ServerAsync(id) is not null && watch.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Enables every nova-compute service again (what a failed test may have left disabled).</summary>
    public async Task EnableAllAsync()
    {
        foreach (var host in new[] { "compute-1", "compute-2", "compute-3" })
        {
            await Nova.SetServiceAsync(host, enabled: true, null, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteServersAsync();
        await _services.DisposeAsync();
    }
}
