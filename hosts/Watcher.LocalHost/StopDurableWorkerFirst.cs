using Microsoft.DurableTask.Worker.Hosting;

namespace Watcher.LocalHost;

/// <summary>
/// Stops the Durable worker in the "stopping" phase, before Kestrel stops: otherwise Kestrel waits for the worker's
/// long-lived gRPC stream to the in-process sidecar and shutdown takes the whole shutdown timeout.
/// </summary>
internal sealed class StopDurableWorkerFirst(IServiceProvider services) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(services.GetServices<IHostedService>().OfType<DurableTaskWorker>().Select(w => w.StopAsync(cancellationToken)));

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
