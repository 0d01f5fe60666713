using Watcher.Api;
using Watcher.Application.Services;

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
                foreach (var uuid in report.Created)
                {
                    logger.LogInformation("Created return plan {Plan}", uuid);
                }

                foreach (var uuid in report.Started)
                {
                    logger.LogInformation("Started return plan {Plan}", uuid);
                }

                foreach (var problem in report.Problems)
                {
                    logger.LogWarning("{Problem}", problem);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Automatic return check failed; will retry on the next tick");
            }
        }
    }
}
