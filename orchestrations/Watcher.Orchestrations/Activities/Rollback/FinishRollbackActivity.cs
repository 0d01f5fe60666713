using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>Ends a rollback: ROLLED_BACK (every succeeded action reverted), PARTIALLY_ROLLED_BACK (some still not) or ROLLBACK_FAILED.</summary>
public sealed class FinishRollbackActivity(WatcherRepository repository, ResourceLeases leases, TimeProvider time) : TaskActivity<RollbackCompletion, ActionPlanState>
{
    public const string Name = "FinishRollback";

    public override async Task<ActionPlanState> RunAsync(TaskActivityContext context, RollbackCompletion input)
    {
        var now = time.GetUtcNow();

        // A retry after a crash may find a newer rollback already running (the user started it as soon as this one showed
        // its outcome): this rollback's finish happened, so it is not redone, and the newer rollback keeps its leases.
        bool Stale(ActionPlan p) => input.Number > 0 && p.RollbackCount != input.Number;
        var stale = false;
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p =>
        {
            if (Stale(p))
            {
                stale = true;
                return p;
            }

            // The outcome follows what the actions now record, not whether the user picked some: a partial pick whose
            // dependents cover the whole plan reverts everything and ends ROLLED_BACK.
            var target = p.State == ActionPlanState.RollingBack ? p.RollbackOutcome(input.RevertFailed) : p.State;
            var record = new ExecutionRecord { Reverted = input.Reverted, RevertFailed = input.RevertFailed, NotReverted = input.NotReverted ?? [], Outcome = StateMachine<ActionPlanState>.Name(target), At = now };
            return p.FinishRollback(target, record, now);
        });
        if (stale)
        {
            return plan.State;
        }

        foreach (var note in input.NotReverted ?? [])
        {
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(now, "action_not_reverted", note.ActionUuid, note.Reason));
        }

        await leases.ReleaseAsync(plan, now);
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(now, "rollback_finished", Detail: StateMachine<ActionPlanState>.Name(plan.State)));
        return plan.State;
    }
}
