using Watcher.Api;
using Watcher.Application.Services;

namespace Watcher.LocalHost;

/// <summary>The local host's timer: the same work as the Functions timer trigger, on the same period.</summary>
internal sealed class ContinuousAuditTimer(IServiceProvider services, WatcherOptions options, ILogger<ContinuousAuditTimer> logger)
    : PeriodicCheck(options.ContinuousAuditCheckSeconds, "Continuous audit check", logger)
{
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = await services.GetRequiredService<AuditService>().RunDueContinuousAsync(cancellationToken);
        if (started > 0)
        {
            logger.LogInformation("Started {Count} continuous audit run(s)", started);
        }
    }
}
