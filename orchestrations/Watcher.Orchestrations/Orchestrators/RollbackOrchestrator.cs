using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Rolls back a finished plan, whole or in part: reverts the chosen succeeded actions and their dependents in
/// reverse completion order. The plan ends ROLLED_BACK, PARTIALLY_ROLLED_BACK or ROLLBACK_FAILED.
/// </summary>
public sealed class RollbackOrchestrator : TaskOrchestrator<RollbackInput, PlanOutcome>
{
    public const string Name = "RollbackOrchestrator";

    public override async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, RollbackInput input)
    {
        await LeaseGate.AcquireAsync(context, input.PlanUuid);
        var order = await context.CallActivityAsync<IReadOnlyList<string>>(BeginRollbackActivity.Name, input, RetryPolicies.Bookkeeping);
        var progress = new PlanProgress("rolling_back", order.Count, 0, 0, 0, 0, 0, null, null);
        var (reverted, failed) = await Compensation.RevertAsync(context, input.PlanUuid, order, progress);
        var partial = input.ActionUuids is { Count: > 0 };
        var state = await context.CallActivityAsync<ActionPlanState>(FinishRollbackActivity.Name, new RollbackCompletion(input.PlanUuid, reverted, failed, partial), RetryPolicies.Bookkeeping);
        context.SetCustomStatus(progress with
        {
            Phase = ActionPlanOrchestrator.Finished, State = ActionPlanOrchestrator.StateName(state), Running = 0, Reverted = reverted.Count, RevertFailed = failed.Count,
        });
        return new PlanOutcome(input.PlanUuid, state, failed.Count == 0 ? null : $"{failed.Count} action(s) could not be reverted.");
    }
}
