using Watcher.Api;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.LocalHost;

/// <summary>
/// The local host's automatic-return check (the Functions app's <c>MaintenanceReturnTimer</c>): every
/// <see cref="WatcherOptions.ReturnCheckSeconds"/>, <see cref="ReturnPlanService.RunAutomaticReturnsAsync"/>.
/// </summary>
internal sealed class MaintenanceReturnTimer(IServiceProvider services, WatcherOptions options, ILogger<MaintenanceReturnTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.ReturnCheckSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var report = await services.GetRequiredService<ReturnPlanService>().RunAutomaticReturnsAsync(stoppingToken);
                AutomaticReturnLog.Write(report, logger);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Automatic return check failed; will retry on the next tick");
            }
        }
    }
}
