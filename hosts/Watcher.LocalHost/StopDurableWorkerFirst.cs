using Microsoft.DurableTask.Worker.Hosting;

namespace Watcher.LocalHost;

/// <summary>
/// Stops the Durable worker in the "stopping" phase, before Kestrel stops: otherwise Kestrel waits for the worker's
/// long-lived gRPC stream to the in-process sidecar and shutdown takes the whole shutdown timeout. Then it lets the
/// sidecar stop its dispatchers (see <see cref="SidecarLifetime"/>).
/// </summary>
internal sealed class StopDurableWorkerFirst(IServiceProvider services, SidecarLifetime sidecarLifetime) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(services.GetServices<IHostedService>().OfType<DurableTaskWorker>().Select(w => w.StopAsync(cancellationToken)));
        sidecarLifetime.SignalStopping();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
