using Microsoft.DurableTask;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// One audit run: mark the audit ONGOING, collect the cluster model and the metric history (aggregated over the audit's
/// period), run the strategy and planner, persist the
/// plan, finish the audit, and with auto_trigger start the plan as a sub-orchestration.
/// </summary>
public sealed class AuditOrchestrator : TaskOrchestrator<AuditRunInput, PlanSummary?>
{
    public override async Task<PlanSummary?> RunAsync(TaskOrchestrationContext context, AuditRunInput input)
    {
        PlanSummary summary;
        try
        {
            context.SetCustomStatus(new { phase = "starting" });
            await context.CallActivityAsync<string>(TaskNames.StartAuditRun, input, RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "collecting" });
            var snapshot = await context.CallActivityAsync<SnapshotRef>(TaskNames.CollectClusterModel, input, RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "metrics", hosts = snapshot.Hosts, instances = snapshot.Instances });
            var metrics = await context.CallActivityAsync<MetricsRef>(TaskNames.CollectMetrics, input, RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "planning", hosts = snapshot.Hosts, instances = snapshot.Instances, metrics_source = metrics.Source });
            summary = await context.CallActivityAsync<PlanSummary>(TaskNames.ComputeActionPlan, input, RetryPolicies.Bookkeeping);
        }
        catch (TaskFailedException ex)
        {
            var message = ex.FailureDetails.ErrorMessage;
            await context.CallActivityAsync<string>(TaskNames.CompleteAuditRun, new AuditRunCompletion(input.AuditUuid, null, message), RetryPolicies.Bookkeeping);
            context.SetCustomStatus(new { phase = "failed", error = message });
            return null;
        }

        await context.CallActivityAsync<string>(TaskNames.CompleteAuditRun, new AuditRunCompletion(input.AuditUuid, summary.PlanUuid, null), RetryPolicies.Bookkeeping);
        context.SetCustomStatus(new { phase = "planned", plan = summary.PlanUuid, actions = summary.ActionCount });
        if (summary.AutoTrigger && summary.State == "PENDING")
        {
            await context.CallSubOrchestratorAsync<PlanOutcome>(
                TaskNames.ActionPlanOrchestrator,
                new PlanRunInput(summary.PlanUuid),
                new SubOrchestrationOptions { InstanceId = TaskNames.PlanInstanceId(summary.PlanUuid) });
        }

        return summary;
    }
}
