using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations;

namespace Watcher.Functions;

/// <summary>The timer trigger that starts due continuous audits (the local host's <c>ContinuousAuditTimer</c>, same period).</summary>
public sealed class TimerFunctions(WatcherRepository repository, StrategyRegistry strategies, TimeProvider time, ILogger<TimerFunctions> logger)
{
    /// <summary>Every 30 seconds (six-field NCRONTAB, seconds first); the local host's default <c>ContinuousAuditCheckSeconds</c>.</summary>
    public const string Schedule = "*/30 * * * * *";

    [Function("ContinuousAuditTimer")]
    public async Task ContinuousAuditTimer([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = await new WatcherOperations(repository, strategies, client, time).RunDueContinuousAuditsAsync(context.CancellationToken);
        if (started > 0)
        {
            logger.LogInformation("Started {Count} continuous audit run(s)", started);
        }
    }
}
