using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Rolls back a finished plan, whole or in part: reverts the chosen succeeded actions and their dependents over the
/// reversed dependency graph, independent reverts in parallel within the plan's disruption budget
/// (<see cref="Compensation"/>). The plan ends ROLLED_BACK, PARTIALLY_ROLLED_BACK or ROLLBACK_FAILED.
/// </summary>
public sealed class RollbackOrchestrator : TaskOrchestrator<RollbackInput, PlanOutcome>
{
    public const string Name = "RollbackOrchestrator";

    public override async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, RollbackInput input)
    {
        await LeaseGate.AcquireAsync(context, input.PlanUuid);
        var reverts = await context.CallActivityAsync<RevertPlan>(BeginRollbackActivity.Name, input, RetryPolicies.Bookkeeping);
        var progress = new PlanProgress("rolling_back", reverts.Steps.Count, 0, 0, 0, 0, 0, null, null);
        var result = await Compensation.RevertAsync(context, input.PlanUuid, reverts, progress);
        var failed = result.RevertFailed.Select(f => f.ActionUuid).ToList();

        // Only the picked actions left in place because a dependent could not be reverted; those not picked are the point of a partial rollback.
        var notReverted = result.NotReverted.Where(n => !reverts.Kept.Contains(n)).ToList();
        var partial = input.ActionUuids is { Count: > 0 };
        var state = await context.CallActivityAsync<ActionPlanState>(
            FinishRollbackActivity.Name, new RollbackCompletion(input.PlanUuid, result.Reverted, failed, partial, notReverted) { Number = input.Number }, RetryPolicies.Bookkeeping);
        context.SetCustomStatus(progress with
        {
            Phase = ActionPlanOrchestrator.Finished, State = ActionPlanOrchestrator.StateName(state), Running = 0, Reverted = result.Reverted.Count, RevertFailed = failed.Count,
        });
        return new PlanOutcome(input.PlanUuid, state, failed.Count == 0 ? null : $"{failed.Count} action(s) could not be reverted.");
    }
}
