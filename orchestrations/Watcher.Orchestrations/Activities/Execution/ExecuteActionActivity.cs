using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Runs one action against the cloud: precondition, capture of what undoes it, execute (skipped when a previous
/// attempt already applied it), postcondition. Idempotent across retries and replays. A PENDING action whose
/// pre-condition shows it is no longer needed (its instance was deleted, its effect is already in place) ends SKIPPED
/// with the reason, as in Watcher 2026.1; an ONGOING one (a replay of our own run) takes the idempotent path instead.
/// </summary>
public sealed class ExecuteActionActivity(WatcherRepository repository, ICloud cloud, ActionRegistry actions, TimeProvider time)
    : TaskActivity<ExecuteActionInput, ActionState>
{
    public const string Name = "ExecuteAction";

    public override async Task<ActionState> RunAsync(TaskActivityContext context, ExecuteActionInput input)
    {
        var action = await repository.GetPlanActionAsync(input.PlanUuid, input.ActionUuid);
        if (action.State is ActionState.Succeeded or ActionState.Skipped || (input.Step == ActionStep.Cancel && action.State == ActionState.Cancelled))
        {
            // A retry after a crash between saving the outcome and journalling it.
            await repository.JournalOnceAsync(input.PlanUuid, action.State switch
            {
                ActionState.Succeeded => new JournalEntry(time.GetUtcNow(), "action_succeeded", action.Uuid, action.ActionType),
                ActionState.Skipped => new JournalEntry(time.GetUtcNow(), "action_skipped", action.Uuid, action.StatusMessage),
                _ => new JournalEntry(time.GetUtcNow(), "action_cancelled", action.Uuid, action.ActionType),
            });
            return action.State;
        }

        if (input.Step == ActionStep.Cancel)
        {
            action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.Cancel(time.GetUtcNow()));
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_cancelled", action.Uuid, action.ActionType));
            return action.State;
        }

        var handler = actions.Get(action.ActionType);
        var actionContext = new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None);
        if (action.State == ActionState.Pending)
        {
            if (handler.NotNeededReason(actionContext) is { } reason)
            {
                action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.Skip(reason, time.GetUtcNow()));
                await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_skipped", action.Uuid, reason));
                return action.State;
            }

            handler.CheckPrecondition(actionContext);
            var revertData = handler.CaptureRevertData(actionContext);
            action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.Start(revertData, time.GetUtcNow()));
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_started", action.Uuid, action.ActionType));
            actionContext = actionContext with { Action = action };
        }
        else if (action.State != ActionState.Ongoing)
        {
            throw new ActionPreconditionException($"Action {action.Uuid} is {StateMachine<ActionState>.Name(action.State)} and cannot run.");
        }
        else
        {
            // A retry after a crash between saving ONGOING and journalling the start.
            await repository.JournalOnceAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_started", action.Uuid, action.ActionType));
        }

        if (input.Step == ActionStep.Start)
        {
            return action.State;
        }

        if (input.Step == ActionStep.Run && !handler.IsAlreadyApplied(actionContext))
        {
            await handler.ExecuteAsync(actionContext);
        }

        handler.CheckPostcondition(actionContext with { Cluster = await cloud.GetClusterAsync() });
        action = await repository.UpdateActionAsync(input.PlanUuid, action.Uuid, a => a.Succeed(input.Sequence, time.GetUtcNow()));
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_succeeded", action.Uuid, action.ActionType));
        return action.State;
    }
}
