using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>Records that an action failed for good, after its retries.</summary>
public sealed class RecordActionFailureActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<ActionFailureInput, ActionState>
{
    public const string Name = "RecordActionFailure";

    public override async Task<ActionState> RunAsync(TaskActivityContext context, ActionFailureInput input)
    {
        var action = await repository.UpdateActionAsync(input.PlanUuid, input.ActionUuid, a => a.Fail(input.Message, time.GetUtcNow()));
        await repository.JournalOnceAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_failed", input.ActionUuid, input.Message));
        return action.State;
    }
}
