using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.Functions;

/// <summary>
/// The timer triggers: due continuous audits, the automatic return after maintenance and the reconciler (the local
/// host's <c>ContinuousAuditTimer</c>, <c>MaintenanceReturnTimer</c> and <c>ReconcilerTimer</c>).
/// </summary>
public sealed class TimerFunctions(IServiceProvider services, ILogger<TimerFunctions> logger)
{
    /// <summary>Every 30 seconds (six-field NCRONTAB, seconds first); the local host's default <c>ContinuousAuditCheckSeconds</c> and <c>ReturnCheckSeconds</c>.</summary>
    public const string Schedule = "*/30 * * * * *";

    /// <summary>Every minute: the reconciler's default <c>Watcher:Reconciler:CheckSeconds</c> in the local host.</summary>
    public const string ReconcilerSchedule = "0 * * * * *";

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

    [Function("ReconcilerTimer")]
    public async Task ReconcilerTimer([TimerTrigger(ReconcilerSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The Durable client comes from the trigger binding, so the services are built with this invocation's engine.
        var engine = new DurableWorkflowEngine(client);
        var plans = ActivatorUtilities.CreateInstance<ActionPlanService>(services, engine);
        var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(services, engine, plans);
        ReconcileLog.Write(await reconciler.RunOnceAsync(context.CancellationToken), logger);
    }
}
