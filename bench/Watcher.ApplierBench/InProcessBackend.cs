using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Simulator;

namespace Watcher.ApplierBench;

/// <summary>
/// The in-process Durable test host (in-memory engine) with an in-memory document store and the simulator, composed as
/// tests/Watcher.Orchestrations.Tests composes it. Run with <c>DOTNET_PROCESSOR_COUNT=256</c> (see RUNTIME-NOTES).
/// </summary>
public sealed class InProcessBackend : BenchBackend
{
    private readonly DurableTaskTestHost _host;

    private InProcessBackend(DurableTaskTestHost host, CountingDocumentStore store)
    {
        _host = host;
        Store = store;
        Repository = host.Services.GetRequiredService<WatcherRepository>();
        Plans = ActivatorUtilities.CreateInstance<ActionPlanService>(host.Services, new DurableWorkflowEngine(host.Client));
    }

    public override string Name => "in-process";

    protected override DurableTaskClient Client => _host.Client;

    protected override WatcherRepository Repository { get; }

    protected override ActionPlanService Plans { get; }

    protected override CountingDocumentStore Store { get; }

    public static async Task<InProcessBackend> StartAsync()
    {
        var store = new CountingDocumentStore(new InMemoryDocumentStore());
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddWatcherTasks().AddBareTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IDocumentStore>(store);
                    services.AddSingleton(new SimulatorOptions { Hosts = 6, Instances = 16, Seed = 3 });
                    services.AddWatcherApplication();
                    services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
                    services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
                    services.AddSingleton<IWorkflowEngine>(sp => new DurableWorkflowEngine(sp.GetRequiredService<DurableTaskClient>()));
                },
            });
        var backend = new InProcessBackend(host, store);
        await host.Services.GetRequiredService<SimulatedCloud>().EnsureInitializedAsync();
        return backend;
    }

    public override ValueTask DisposeAsync() => _host.DisposeAsync();
}
