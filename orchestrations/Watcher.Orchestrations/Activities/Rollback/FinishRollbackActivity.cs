using Microsoft.DurableTask;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>
/// Ends a rollback: ROLLED_BACK (every succeeded action reverted), PARTIALLY_ROLLED_BACK (some still not) or
/// ROLLBACK_FAILED. The journal is written before the state, once per rollback (a retry finds this rollback's lines
/// after its <c>rollback_started</c> and does not repeat them), so a reader who sees the outcome finds its
/// <c>rollback_finished</c> line.
/// </summary>
public sealed class FinishRollbackActivity(WatcherRepository repository, ResourceLeases leases, TimeProvider time) : TaskActivity<RollbackCompletion, ActionPlanState>
{
    public const string Name = "FinishRollback";

    /// <summary>The journal line each rollback starts with: the lines of one rollback come after it.</summary>
    internal static readonly string[] RollbackScope = ["rollback_started"];

    public override async Task<ActionPlanState> RunAsync(TaskActivityContext context, RollbackCompletion input)
    {
        var now = time.GetUtcNow();

        // A retry after a crash may find a newer rollback already running (the user started it as soon as this one showed
        // its outcome): this rollback's finish happened, so it is not redone, and the newer rollback keeps its leases.
        bool Stale(ActionPlan p) => input.Number > 0 && p.RollbackCount != input.Number;

        // The outcome follows what the actions now record, not whether the user picked some: a partial pick whose
        // dependents cover the whole plan reverts everything and ends ROLLED_BACK.
        ActionPlan Finish(ActionPlan p)
        {
            if (Stale(p))
            {
                return p;
            }

            var target = p.State == ActionPlanState.RollingBack ? p.RollbackOutcome(input.RevertFailed) : p.State;
            var record = new ExecutionRecord { Reverted = input.Reverted, RevertFailed = input.RevertFailed, NotReverted = input.NotReverted ?? [], Outcome = StateMachine<ActionPlanState>.Name(target), At = now };
            return p.FinishRollback(target, record, now);
        }

        var seen = (await repository.Store.GetAsync<ActionPlan>(WatcherRepository.ActionPlans, input.PlanUuid))?.Value
            ?? throw new NotFoundException("ActionPlan", input.PlanUuid);
        if (Stale(seen))
        {
            return seen.State;
        }

        // The journal first, with the outcome the state write below will save (from the actions as they are now).
        var outcome = Finish(await repository.WithActionsAsync(seen)).State;
        List<JournalEntry> lines = [.. (input.NotReverted ?? []).Select(note => new JournalEntry(now, "action_not_reverted", note.ActionUuid, note.Reason))];
        lines.Add(new JournalEntry(now, "rollback_finished", Detail: StateMachine<ActionPlanState>.Name(outcome)));
        await repository.JournalOnceSinceAsync(input.PlanUuid, lines, RollbackScope);

        var stale = false;
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p =>
        {
            stale = Stale(p);
            return Finish(p);
        });
        if (!stale)
        {
            await leases.ReleaseAsync(plan, now);
        }

        return plan.State;
    }
}
