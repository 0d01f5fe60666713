using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Persistence;
using Watcher.LocalHost;
using Watcher.Orchestrations;
using Watcher.Testing;

namespace Watcher.ApplierBench;

/// <summary>
/// The local host's engine, as <see cref="LocalHostApp"/> composes it: TaskHubGrpcServer over the Azure Storage
/// orchestration service on Azurite, documents and journals in Azurite's blobs, the simulator; with the bare
/// orchestrations registered on the same worker. A task hub and container of its own per instance.
/// </summary>
public sealed class AzuriteBackend : BenchBackend
{
    private readonly WebApplication _app;

    private AzuriteBackend(WebApplication app, CountingDocumentStore store)
    {
        _app = app;
        Store = store;
        Client = app.Services.GetRequiredService<DurableTaskClient>();
        Repository = app.Services.GetRequiredService<WatcherRepository>();
        Plans = ActivatorUtilities.CreateInstance<ActionPlanService>(app.Services, app.Services.GetRequiredService<IWorkflowEngine>());
    }

    public override string Name => "Azurite";

    protected override DurableTaskClient Client { get; }

    protected override WatcherRepository Repository { get; }

    protected override ActionPlanService Plans { get; }

    protected override CountingDocumentStore Store { get; }

    public static async Task<AzuriteBackend> StartAsync(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var id = Guid.NewGuid().ToString("N")[..12];
        CountingDocumentStore? counting = null;
        var app = LocalHostApp.Build(
            [
                $"--Watcher:StorageConnectionString={azurite.ConnectionString}",
                $"--Watcher:Container=c{id}",
                $"--Watcher:TaskHub=h{id}",
                $"--Watcher:Local:Url=http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}",
                "--Watcher:Local:SidecarPort=0",
                "--Watcher:Simulator:Hosts=6",
                "--Watcher:Simulator:Instances=16",
                "--Watcher:Simulator:Seed=3",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:DurableTask.AzureStorage=Error",
                "--Logging:LogLevel:DurableTask.Core=Error",
            ],
            builder =>
            {
                builder.Services.Configure<DurableTaskRegistry>(r => r.AddBareTasks());
                // Count the document store's calls: wrap the registered store.
                var registered = builder.Services.Last(d => d.ServiceType == typeof(IDocumentStore));
                builder.Services.Remove(registered);
                builder.Services.AddSingleton<IDocumentStore>(sp => counting = new CountingDocumentStore(Resolve(sp, registered)));
            });
        await LocalHostApp.InitializeAsync(app);
        await app.StartAsync();
        _ = app.Services.GetRequiredService<IDocumentStore>();
        return new AzuriteBackend(app, counting!);
    }

    public override async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IDocumentStore Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IDocumentStore
        ?? descriptor.ImplementationFactory?.Invoke(services) as IDocumentStore
        ?? (IDocumentStore)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
