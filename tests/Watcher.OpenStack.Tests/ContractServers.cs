using System.Text.Json.Nodes;
using Watcher.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// The servers the contract acts on, booted once for the class (active m1.tiny on compute-1) and deleted after it.
/// Each test starts from that baseline: the execute-only tests leave their effect, so <see cref="ResetAsync"/> puts
/// every server back (flavor, power, host) and enables every compute service before the next test.
/// </summary>
public sealed class ContractServers : IAsyncLifetime
{
    private const string Host = "compute-1";
    private const string Flavor = "m1.tiny";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<string> _ids = [];

    public async Task ResetAsync()
    {
        var mini = Mini!;
        await mini.EnableAllAsync();
        var cluster = await mini.Cloud.GetClusterAsync();
        var tiny = cluster.FindFlavor(Flavor)!;
        foreach (var id in _ids)
        {
            var server = await mini.Nova.ServerAsync(id) ?? throw new InvalidOperationException($"contract server {id} is gone");
            if (OpenStackCloud.Str(server["flavor"] as JsonObject, "original_name") != Flavor)
            {
                await mini.Nova.ResizeAsync(id, tiny.Id, tiny.Name, CancellationToken.None);
            }

            await mini.Nova.SetPowerAsync(id, stop: false, CancellationToken.None);
            if (await mini.HostOfAsync(id) != Host)
            {
                await mini.Nova.LiveMigrateAsync(id, Host, CancellationToken.None);
            }
        }
    }

    public MiniCloud? Mini { get; private set; }

    public async Task EnsureAsync(MiniOpenStackFixture fixture)
    {
        await _gate.WaitAsync();
        try
        {
            if (Mini is null)
            {
                Mini = new MiniCloud(fixture);
                await Mini.EnableAllAsync();
                _ids = await Mini.BootAsync(2, Host, Flavor, "contract");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Mini is not null)
        {
            await Mini.DisposeAsync();
        }
    }
}
