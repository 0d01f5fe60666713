using Watcher.Api;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.LocalHost;

/// <summary>
/// The local host's automatic-return check (the Functions app's <c>MaintenanceReturnTimer</c>): every
/// <see cref="WatcherOptions.ReturnCheckSeconds"/>, <see cref="ReturnPlanService.RunAutomaticReturnsAsync"/>.
/// </summary>
internal sealed class MaintenanceReturnTimer(IServiceProvider services, WatcherOptions options, ILogger<MaintenanceReturnTimer> logger)
    : PeriodicCheck(options.ReturnCheckSeconds, "Automatic return check", logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken) =>
        AutomaticReturnLog.Write(await services.GetRequiredService<ReturnPlanService>().RunAutomaticReturnsAsync(cancellationToken), logger);
}
