namespace Watcher.LocalHost;

/// <summary>
/// A check the local host runs every few seconds, as the Functions app's timer triggers do: one tick at a time, and a
/// failed tick (any exception, cancellations included, unless the host is stopping) is logged and retried on the next one.
/// </summary>
internal abstract class PeriodicCheck(int seconds, string name, ILogger logger) : BackgroundService
{
    /// <summary>One tick's work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A cancellation the host did not ask for is a timeout somewhere below (an HTTP client's, a storage
                // read's): a failed tick like any other. Letting it out of ExecuteAsync would stop the whole host.
                logger.LogWarning(ex, "{Check} failed; will retry on the next tick", name);
            }
        }
    }
}
