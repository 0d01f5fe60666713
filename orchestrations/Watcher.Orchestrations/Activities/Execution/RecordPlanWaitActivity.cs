using Microsoft.DurableTask;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Records on the plan when it will next start an action while it waits for its maintenance window or disruption
/// budget (shown as <c>next_run_at</c>), and journals why; clears it when the plan runs again.
/// </summary>
public sealed class RecordPlanWaitActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<PlanWaitInput, bool>
{
    public const string Name = "RecordPlanWait";

    public override async Task<bool> RunAsync(TaskActivityContext context, PlanWaitInput input)
    {
        await repository.UpdatePlanHeaderAsync(input.PlanUuid, p => p.NextRunAt == input.NextRunAt ? p : p with { NextRunAt = input.NextRunAt });
        await repository.JournalAsync(input.PlanUuid, input.NextRunAt is null
            ? new JournalEntry(time.GetUtcNow(), "plan_resumed")
            : new JournalEntry(time.GetUtcNow(), "plan_waiting", Detail: $"{input.Reason}; next run at {input.NextRunAt:O}"));
        return true;
    }
}
