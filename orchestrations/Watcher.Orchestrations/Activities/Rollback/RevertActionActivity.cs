using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>Undoes one succeeded action with what it recorded when it ran; used by compensation and by rollback.</summary>
public sealed class RevertActionActivity(WatcherRepository repository, ICloud cloud, ActionRegistry actions, TimeProvider time)
    : TaskActivity<ActionRefInput, ActionState>
{
    public const string Name = "RevertAction";

    public override async Task<ActionState> RunAsync(TaskActivityContext context, ActionRefInput input)
    {
        var action = await repository.GetPlanActionAsync(input.PlanUuid, input.ActionUuid);
        if (action.State == ActionState.Reverted)
        {
            // A retry after a crash between saving REVERTED and journalling it.
            await repository.JournalOnceAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_reverted", action.Uuid, action.ActionType));
            return action.State;
        }

        action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.BeginRevert(time.GetUtcNow()));
        try
        {
            var handler = actions.Get(action.ActionType);
            await handler.RevertAsync(new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None), action.RevertData);
        }
        catch (Exception ex) when (ex is ActionFailedException or ActionPreconditionException)
        {
            await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.MarkRevertFailed(ex.Message, time.GetUtcNow()));
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_revert_failed", action.Uuid, ex.Message));
            throw;
        }

        action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.MarkReverted(time.GetUtcNow()));
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_reverted", action.Uuid, action.ActionType));
        return action.State;
    }
}
