using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.Functions;

/// <summary>
/// The timer triggers: due continuous audits and the automatic return after maintenance (the local host's
/// <c>ContinuousAuditTimer</c> and <c>MaintenanceReturnTimer</c>, same period).
/// </summary>
public sealed class TimerFunctions(IServiceProvider services, ILogger<TimerFunctions> logger)
{
    /// <summary>Every 30 seconds (six-field NCRONTAB, seconds first); the local host's default <c>ContinuousAuditCheckSeconds</c> and <c>ReturnCheckSeconds</c>.</summary>
    public const string Schedule = "*/30 * * * * *";

    [Function("ContinuousAuditTimer")]
    public async Task ContinuousAuditTimer([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The Durable client comes from the trigger binding, so the audit service is built with this invocation's engine.
        var audits = ActivatorUtilities.CreateInstance<AuditService>(services, new DurableWorkflowEngine(client));
        var started = await audits.RunDueContinuousAsync(context.CancellationToken);
        if (started > 0)
        {
            logger.LogInformation("Started {Count} continuous audit run(s)", started);
        }
    }

    [Function("MaintenanceReturnTimer")]
    public async Task MaintenanceReturnTimer([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The Durable client comes from the trigger binding, so the services are built with this invocation's engine.
        var plans = ActivatorUtilities.CreateInstance<ActionPlanService>(services, new DurableWorkflowEngine(client));
        var returns = ActivatorUtilities.CreateInstance<ReturnPlanService>(services, plans);
        AutomaticReturnLog.Write(await returns.RunAutomaticReturnsAsync(context.CancellationToken), logger);
    }
}
