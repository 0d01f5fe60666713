namespace Watcher.LocalHost;

/// <summary>
/// The lifetime handed to the Durable gRPC sidecar. Its "stopping" is signalled by <see cref="StopDurableWorkerFirst"/>
/// only after the worker has disconnected: the sidecar (0.2.3-preview.1) spins at full CPU if its dispatchers are
/// stopped while a worker is still connected, which on 2 cores starves everything else during shutdown.
/// </summary>
internal sealed class SidecarLifetime(IHostApplicationLifetime inner) : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken ApplicationStarted => inner.ApplicationStarted;

    public CancellationToken ApplicationStopping => _stopping.Token;

    public CancellationToken ApplicationStopped => inner.ApplicationStopped;

    public void StopApplication() => inner.StopApplication();

    public void SignalStopping() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}
