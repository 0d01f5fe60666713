using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Application.Services;
using Watcher.Orchestrations;

namespace Watcher.Functions;

/// <summary>The timer trigger of the automatic return after maintenance (the local host's <c>MaintenanceReturnTimer</c>).</summary>
public sealed class ReturnTimerFunctions(IServiceProvider services, ILogger<ReturnTimerFunctions> logger)
{
    /// <summary>Every 30 seconds (six-field NCRONTAB, seconds first); the local host's default <c>ReturnCheckSeconds</c>.</summary>
    public const string Schedule = "*/30 * * * * *";

    [Function("MaintenanceReturnTimer")]
    public async Task MaintenanceReturnTimer([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The Durable client comes from the trigger binding, so the service is built with this invocation's engine.
        var plans = ActivatorUtilities.CreateInstance<ActionPlanService>(services, new DurableWorkflowEngine(client));
        var returns = ActivatorUtilities.CreateInstance<ReturnPlanService>(services, plans);
        var report = await returns.RunAutomaticReturnsAsync(context.CancellationToken);
        AutomaticReturnLog.Write(report, logger);
    }
}
