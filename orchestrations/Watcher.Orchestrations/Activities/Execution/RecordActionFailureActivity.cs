using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Records that an action failed for good, after its retries or its timeout. An action that SUCCEEDED meanwhile (its
/// activity finished just as its timeout expired) stays SUCCEEDED, and that state is returned.
/// </summary>
public sealed class RecordActionFailureActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<ActionFailureInput, ActionState>
{
    public const string Name = "RecordActionFailure";

    public override async Task<ActionState> RunAsync(TaskActivityContext context, ActionFailureInput input)
    {
        var retried = false;
        var action = await repository.UpdateActionAsync(input.PlanUuid, input.ActionUuid, a =>
        {
            retried = a.State == ActionState.Failed;
            return a.State is ActionState.Succeeded or ActionState.Failed ? a : a.Fail(input.Message, time.GetUtcNow());
        });
        if (action.State == ActionState.Succeeded)
        {
            return action.State;
        }

        // Only a retry (the action was already FAILED) reads the journal to repair a lost line; a first attempt appends.
        var line = new JournalEntry(time.GetUtcNow(), "action_failed", input.ActionUuid, input.Message);
        await (retried ? repository.JournalOnceAsync(input.PlanUuid, line) : repository.JournalAsync(input.PlanUuid, line));
        return action.State;
    }
}
