using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>Ends a rollback: ROLLED_BACK, PARTIALLY_ROLLED_BACK (the user picked actions) or ROLLBACK_FAILED.</summary>
public sealed class FinishRollbackActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<RollbackCompletion, ActionPlanState>
{
    public const string Name = "FinishRollback";

    public override async Task<ActionPlanState> RunAsync(TaskActivityContext context, RollbackCompletion input)
    {
        var now = time.GetUtcNow();
        var target = input.RevertFailed.Count > 0
            ? ActionPlanState.RollbackFailed
            : input.Partial ? ActionPlanState.PartiallyRolledBack : ActionPlanState.RolledBack;
        var record = new ExecutionRecord { Reverted = input.Reverted, RevertFailed = input.RevertFailed, Outcome = StateMachine<ActionPlanState>.Name(target), At = now };
        var plan = await repository.UpdatePlanAsync(input.PlanUuid, p => p.FinishRollback(target, record, now));
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(now, "rollback_finished", Detail: StateMachine<ActionPlanState>.Name(plan.State)));
        return plan.State;
    }
}
