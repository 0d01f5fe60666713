using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>Ends a plan's execution in the orchestrator's outcome, recording what compensation undid after a failure.</summary>
public sealed class FinishPlanActivity(WatcherRepository repository, ResourceLeases leases, TimeProvider time) : TaskActivity<PlanCompletion, ActionPlanState>
{
    public const string Name = "FinishPlan";

    public override async Task<ActionPlanState> RunAsync(TaskActivityContext context, PlanCompletion input)
    {
        var now = time.GetUtcNow();
        var compensation = input.State == ActionPlanState.Failed
            ? new ExecutionRecord
            {
                FailedActionUuid = input.FailedActionUuid,
                Failure = input.Message,
                Reverted = input.Reverted,
                RevertFailed = input.RevertFailed,
                Outcome = input.RevertFailed.Count == 0 ? "compensated" : "compensation_incomplete",
                At = now,
            }
            : null;
        // A retry after a crash may find the plan already finished and moved on (a user rollback started as soon as the
        // plan showed its outcome): the finish happened, so it is not redone and the rollback's leases are left alone.
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p =>
            p.State is ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling ? p.Finish(input.State, input.Message, compensation, now) : p);
        if (plan.State == input.State)
        {
            await leases.ReleaseAsync(plan, now);
        }

        await repository.JournalOnceAsync(input.PlanUuid, new JournalEntry(now, "plan_finished", Detail: $"{StateMachine<ActionPlanState>.Name(input.State)} {input.Message}".Trim()));
        return plan.State;
    }
}
