using Watcher.Api;
using Watcher.Application.Services;

namespace Watcher.LocalHost;

/// <summary>The local host's timer: the same work as the Functions timer trigger, on the same period.</summary>
internal sealed class ContinuousAuditTimer(IServiceProvider services, WatcherOptions options, ILogger<ContinuousAuditTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.ContinuousAuditCheckSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var started = await services.GetRequiredService<AuditService>().RunDueContinuousAsync(stoppingToken);
                if (started > 0)
                {
                    logger.LogInformation("Started {Count} continuous audit run(s)", started);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Continuous audit check failed; will retry on the next tick");
            }
        }
    }
}
