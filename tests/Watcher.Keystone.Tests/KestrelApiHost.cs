using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Api;
using Watcher.Api.Auth;
using Watcher.Application;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Simulator;

namespace Watcher.Keystone.Tests;

/// <summary>
/// The route table on a real loopback socket (for Watcher's CLI, a separate process), composed as the hosts compose
/// the identity seam (<c>AddWatcherAuth</c> and <c>AddKeystoneAuth</c>), over an in-memory store and the in-process Durable engine.
/// </summary>
internal sealed class KestrelApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private KestrelApiHost(WebApplication app, int port)
    {
        this.app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The API's base URL.</summary>
    public string Url { get; }

    public static async Task<KestrelApiHost> StartAsync(IDictionary<string, string?> settings)
    {
        // A free port can be taken by another test process before it is bound (ours or the in-memory Durable sidecar's):
        // start again on fresh ports, as ApiTestHost does.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings);
            }
            catch (IOException ex) when (attempt < 5 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private static async Task<KestrelApiHost> StartOnceAsync(IDictionary<string, string?> settings)
    {
        // python-watcherclient strips trailing '1' and 'v' characters from a catalog endpoint (rstrip("/v1")), so a
        // port ending in 1 would lose its last digit.
        var port = Ports.Free();
        while (port % 10 == 1)
        {
            port = Ports.Free();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Watcher:Simulator:Hosts"] = "4", ["Watcher:Simulator:Instances"] = "8" });
        builder.Services.AddSingleton<IDocumentStore>(new InMemoryDocumentStore());
        builder.Services.AddWatcherApplication().AddSimulator(builder.Configuration);
        builder.Services.AddInMemoryDurableTask(r => r.AddWatcherTasks());
        builder.Services.AddWatcherAuth(builder.Configuration).AddKeystoneAuth(builder.Configuration);
        var app = builder.Build();
        app.MapWatcherApi();
        app.MapFallback(WatcherApi.WriteNotFoundAsync);
        await app.Services.GetRequiredService<SimulatedCloud>().EnsureInitializedAsync();
        await app.StartAsync();
        return new KestrelApiHost(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
