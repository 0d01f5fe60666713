using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Audit;
using Watcher.Orchestrations.Contracts;
using Watcher.Domain.Errors;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// One audit run: mark the audit ONGOING, collect the cluster model and the metric history (aggregated over the audit's
/// period), when the strategy declares a history requirement collect its raw series in cached chunks (bounded
/// fan-out, blobs passed by reference), run the strategy and planner, persist the
/// plan, finish the audit, and with auto_trigger start the plan's own orchestration.
/// </summary>
public sealed class AuditOrchestrator : TaskOrchestrator<AuditRunInput, PlanSummary?>
{
    public const string Name = "AuditOrchestrator";

    public override async Task<PlanSummary?> RunAsync(TaskOrchestrationContext context, AuditRunInput input)
    {
        PlanSummary summary;
        try
        {
            context.SetCustomStatus(new { phase = "starting" });
            await context.CallActivityAsync<string>(StartAuditRunActivity.Name, input, RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "collecting" });
            var snapshot = await context.CallActivityAsync<SnapshotRef>(CollectClusterModelActivity.Name, input, RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "metrics", hosts = snapshot.Hosts, instances = snapshot.Instances });
            var metrics = await context.CallActivityAsync<MetricsRef>(CollectMetricsActivity.Name, input, RetryPolicies.Bookkeeping);
            if (metrics.History is { } window)
            {
                await CollectHistoryAsync(context, input, window);
            }

            context.SetCustomStatus(new { phase = "planning", hosts = snapshot.Hosts, instances = snapshot.Instances, metrics_source = metrics.Source });
            summary = await context.CallActivityAsync<PlanSummary>(ComputeActionPlanActivity.Name, input, RetryPolicies.Bookkeeping);
        }
        catch (TaskFailedException ex)
        {
            // Watcher's own errors keep their message; infrastructure text stays in the history and logs (SafeMessages).
            var message = SafeMessages.Of(ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage);
            await context.CallActivityAsync<AuditState>(CompleteAuditRunActivity.Name, new AuditRunCompletion(input.AuditUuid, null, message), RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "failed", error = message });
            return null;
        }

        await context.CallActivityAsync<AuditState>(CompleteAuditRunActivity.Name, new AuditRunCompletion(input.AuditUuid, summary.PlanUuid, null), RetryPolicies.Bookkeeping);
        context.SetCustomStatus(new { phase = "planned", plan = summary.PlanUuid, actions = summary.ActionCount });
        if (summary.AutoTrigger && summary.State == ActionPlanState.Pending)
        {
            // Started as an orchestration of its own (not a sub-orchestration): the audit's run ends here, and the plan's
            // status is the plan's orchestration (StartTriggeredPlanActivity says why).
            await context.CallActivityAsync<string>(StartTriggeredPlanActivity.Name, new PlanRunInput(summary.PlanUuid), RetryPolicies.Bookkeeping);
        }

        return summary;
    }

    /// <summary>
    /// Fans the history chunks out with at most <see cref="HistoryWindow.MaxParallel"/> in flight; each activity returns
    /// only its blob's name, and the planning activity reads the blobs by the run's manifest.
    /// </summary>
    private static async Task CollectHistoryAsync(TaskOrchestrationContext context, AuditRunInput input, HistoryWindow window)
    {
        var chunks = HistoryChunkPlanner.Plan(window);
        context.SetCustomStatus(new { phase = "history", chunks = chunks.Count, metrics = window.Metrics });
        var refs = await BoundedFanOut.RunAsync(
            chunks,
            Math.Max(1, window.MaxParallel),
            chunk => context.CallActivityAsync<HistoryChunkRef>(CollectHistoryChunkActivity.Name, new HistoryChunkInput(input.AuditUuid, input.PlanUuid, chunk), RetryPolicies.Bookkeeping));
        context.SetCustomStatus(new { phase = "history", chunks = chunks.Count, cached = refs.Count(r => r.FromCache) });
    }
}
