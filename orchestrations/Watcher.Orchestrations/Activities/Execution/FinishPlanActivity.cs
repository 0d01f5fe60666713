using Microsoft.DurableTask;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Ends a plan's execution in the orchestrator's outcome. After a failure it records what compensation undid, what it
/// could not undo and what it left in place (journaling each action left in place), and the plan's status message
/// says all three. The journal is written before the state: a reader who sees the plan's final state finds its
/// <c>plan_finished</c> line, and a retry (the lines are journalled once) neither loses nor repeats a line.
/// </summary>
public sealed class FinishPlanActivity(WatcherRepository repository, ResourceLeases leases, TimeProvider time) : TaskActivity<PlanCompletion, ActionPlanState>
{
    public const string Name = "FinishPlan";

    public override async Task<ActionPlanState> RunAsync(TaskActivityContext context, PlanCompletion input)
    {
        var now = time.GetUtcNow();
        var notReverted = input.NotReverted ?? [];
        var compensation = input.State == ActionPlanState.Failed
            ? new ExecutionRecord
            {
                FailedActionUuid = input.FailedActionUuid,
                Failure = input.Message,
                Reverted = input.Reverted,
                RevertFailed = input.RevertFailed,
                NotReverted = notReverted,
                Policy = input.Policy,
                Outcome = input.RevertFailed.Count > 0 ? "compensation_incomplete"
                    : input.Reverted.Count == 0 && notReverted.Count > 0 ? "not_compensated"
                    : notReverted.Count > 0 ? "partially_compensated"
                    : "compensated",
                At = now,
            }
            : null;

        // A retry after a crash may find the plan already finished and moved on (a user rollback started as soon as the
        // plan showed its outcome): the finish happened, so it is not redone and the rollback's leases are left alone.
        static bool Finishable(ActionPlan p) => p.State is ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.Cancelling;
        ActionPlan Finish(ActionPlan p) =>
            Finishable(p) ? p.Finish(input.State, compensation is null ? input.Message : RevertReport.Compensation(p, compensation), compensation, now) : p;

        // The journal first, from the plan as it will be saved (the compensation report needs its actions; any other
        // outcome's message is the orchestrator's, so a 40,000-action plan is not read for it).
        var seen = (await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, input.PlanUuid))?.Value
            ?? throw new NotFoundException("ActionPlan", input.PlanUuid);
        if (compensation is not null && Finishable(seen))
        {
            seen = await repository.WithActionsAsync(seen);
        }

        var finished = Finish(seen);

        // One read of the journal for all the lines (it may be long: a 40,000-action plan's).
        List<JournalEntry> lines = compensation is null ? [] : [.. notReverted.Select(note => new JournalEntry(now, "action_not_reverted", note.ActionUuid, note.Reason))];
        lines.Add(new JournalEntry(now, "plan_finished", Detail: $"{StateMachine<ActionPlanState>.Name(input.State)} {finished.StatusMessage ?? input.Message}".Trim()));
        await repository.JournalOnceAsync(input.PlanUuid, lines);

        var plan = await repository.UpdatePlanAsync(input.PlanUuid, Finish);
        if (plan.State == input.State)
        {
            await leases.ReleaseAsync(plan, now);
        }

        return plan.State;
    }
}
