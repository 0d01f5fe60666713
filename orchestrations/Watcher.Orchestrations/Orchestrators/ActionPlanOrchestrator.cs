using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Executes an action plan: walks the action graph, runs every ready action in parallel as an activity with
/// retries and a timeout, as far as the plan's maintenance window and disruption budget allow (see
/// <see cref="ReadyActionSelector"/>; it waits on a durable timer for the window or the hourly budget, showing when it
/// will next run), skips actions that are no longer needed, and on the first failure stops starting new actions, lets
/// running ones finish, then compensates as the plan's compensation policy says (<see cref="Compensation"/>). A
/// <c>cancel</c> event stops it the same way,
/// without reverting. Deterministic: all I/O is in activities. A plan whose actions are stored separately (more than
/// <see cref="Domain.Persistence.WatcherRepository.SeparateActionsAbove"/>) runs in batches instead, one batch per
/// generation of this orchestration (ContinueAsNew), so that its history never grows with the plan
/// (<see cref="ActionPlanBatches"/>).
/// </summary>
public sealed class ActionPlanOrchestrator : TaskOrchestrator<PlanRunInput, PlanOutcome>
{
    public const string Name = "ActionPlanOrchestrator";

    /// <summary>The custom status phase once a plan or rollback orchestration has ended.</summary>
    public const string Finished = "finished";

    public override async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, PlanRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Carry is not null)
        {
            // A later generation of a large plan's execution (after ContinueAsNew): leases are held and the plan began.
            return await ActionPlanBatches.RunAsync(context, input);
        }

        await LeaseGate.AcquireAsync(context, input.PlanUuid);
        var graph = await context.CallActivityAsync<PlanGraph>(BeginPlanActivity.Name, input.PlanUuid, RetryPolicies.Bookkeeping);
        if (graph.Cancelled)
        {
            await Finish(context, input.PlanUuid, ActionPlanState.Cancelled, "Cancelled before it started.", null, [], []);
            // A large plan's graph has no actions: its actions never started, so all of them count as cancelled.
            var notInGraph = (graph.TotalActions ?? graph.Actions.Count) - graph.Actions.Count;
            context.SetCustomStatus(new PlanProgress(
                Finished, graph.Actions.Count + notInGraph, graph.Actions.Count(a => a.State == ActionState.Succeeded), graph.Actions.Count(a => a.State == ActionState.Failed), 0,
                graph.Actions.Count(a => a.State == ActionState.Reverted), graph.Actions.Count(a => a.State == ActionState.RevertFailed), null, null,
                graph.Actions.Count(a => a.State is ActionState.Pending or ActionState.Cancelled) + notInGraph, StateName(ActionPlanState.Cancelled),
                graph.Actions.Count(a => a.State == ActionState.Skipped)));
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Cancelled, "Cancelled before it started.");
        }

        if (Selector(graph.Policy) is not { } selector)
        {
            const string invalid = "The plan's maintenance window is invalid; nothing was started.";
            await Finish(context, input.PlanUuid, ActionPlanState.Failed, invalid, null, [], []);
            var total = graph.TotalActions ?? graph.Actions.Count;
            context.SetCustomStatus(new PlanProgress(Finished, total, 0, 0, 0, 0, 0, null, invalid, total, StateName(ActionPlanState.Failed)));
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Failed, invalid);
        }

        if (graph.Pages is { } pages)
        {
            // A large plan: its actions are read and run in batches, one per generation (ActionPlanBatches).
            var start = new PlanBatchCarry(0, 0, 0, 0, 0, [], new PlanProgress("executing", graph.TotalActions ?? 0, 0, 0, 0, 0, 0, null, null), graph.Policy, pages);
            return await ActionPlanBatches.RunAsync(context, input with { Carry = start });
        }

        var alreadySucceeded = graph.Actions.Count(a => a.State == ActionState.Succeeded);
        var loop = new ActionBatchLoop(
            context, input.PlanUuid, selector, graph.Actions,
            new PlanProgress("executing", graph.Actions.Count, alreadySucceeded, 0, 0, 0, 0, null, null, Skipped: graph.Actions.Count(a => a.State == ActionState.Skipped)),
            alreadySucceeded, []);
        await loop.RunAsync(context.WaitForExternalEvent<string>(TaskNames.CancelEvent));
        var progress = loop.Progress;
        var succeeded = alreadySucceeded + loop.Succeeded;
        var pending = loop.Pending.Count;

        if (loop.FailedAction is { } failedAction)
        {
            return await CompensateAsync(context, input.PlanUuid, failedAction, loop.Failure, progress with { Succeeded = succeeded }, pending + loop.CancelledRunning);
        }

        if (loop.Cancelled || pending > 0)
        {
            var message = loop.Cancelled ? "Cancelled by request." : "Some actions could not start.";
            await Finish(context, input.PlanUuid, ActionPlanState.Cancelled, message, null, [], []);
            context.SetCustomStatus(progress with
            {
                Phase = Finished, State = StateName(ActionPlanState.Cancelled), Succeeded = succeeded, Running = 0, Cancelled = pending + loop.CancelledRunning,
            });
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Cancelled, message);
        }

        await Finish(context, input.PlanUuid, ActionPlanState.Succeeded, null, null, [], []);
        context.SetCustomStatus(progress with { Phase = Finished, State = StateName(ActionPlanState.Succeeded), Succeeded = succeeded, Running = 0 });
        return new PlanOutcome(input.PlanUuid, ActionPlanState.Succeeded, null);
    }

    /// <summary>
    /// Compensation after a failure: what the plan's policy says to revert (all, the failed action's branch, or none),
    /// over the reversed dependency graph, independent reverts in parallel within the plan's disruption budget; then the
    /// plan ends FAILED. <paramref name="progress"/> counts what succeeded; <paramref name="cancelled"/> what never ran.
    /// </summary>
    internal static async Task<PlanOutcome> CompensateAsync(TaskOrchestrationContext context, string planUuid, string failedAction, string? failure, PlanProgress progress, int cancelled)
    {
        var reverts = await context.CallActivityAsync<RevertPlan>(BeginCompensationActivity.Name, new CompensationInput(planUuid, failedAction), RetryPolicies.Bookkeeping);
        var compensating = progress with { Phase = "compensating", Running = 0 };
        var result = await Compensation.RevertAsync(context, planUuid, reverts, compensating);
        var revertFailed = result.RevertFailed.Select(f => f.ActionUuid).ToList();
        await context.CallActivityAsync<ActionPlanState>(
            FinishPlanActivity.Name,
            new PlanCompletion(planUuid, ActionPlanState.Failed, failure, failedAction, result.Reverted, revertFailed, result.NotReverted, reverts.Policy.Compensation),
            RetryPolicies.Bookkeeping);
        context.SetCustomStatus(compensating with
        {
            Phase = Finished,
            State = StateName(ActionPlanState.Failed),
            Succeeded = progress.Succeeded - result.Reverted.Count - revertFailed.Count,
            Running = 0,
            Reverted = result.Reverted.Count,
            RevertFailed = revertFailed.Count,
            Cancelled = cancelled,
        });
        return new PlanOutcome(planUuid, ActionPlanState.Failed, failure);
    }

    /// <summary>
    /// Runs one action: a <c>sleep</c> on a durable timer, anything else as its activity raced against a durable timer
    /// of the action's timeout. When the timer wins, the cloud is asked to abort the action and
    /// <see cref="ActionTimedOutException"/> fails it (the activity's late result is ignored).
    /// </summary>
    internal static async Task<ActionState> RunActionAsync(TaskOrchestrationContext context, ExecuteActionInput input, PlanGraphNode action, List<CancellationTokenSource> sleeps)
    {
        if (action.SleepSeconds is { } sleep)
        {
            return await SleepAsync(context, input, TimeSpan.FromSeconds(sleep), sleeps);
        }

        var execution = context.CallActivityAsync<ActionState>(ExecuteActionActivity.Name, input, RetryPolicies.Action);
        if (action.TimeoutSeconds is not { } seconds)
        {
            return await execution;
        }

        using var timeout = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(seconds), timeout.Token);
        if (await Task.WhenAny(execution, timer) == execution)
        {
            timeout.Cancel();
            return await execution;
        }

        string abort;
        try
        {
            var aborted = await context.CallActivityAsync<bool>(AbortActionActivity.Name, new ActionRefInput(input.PlanUuid, input.ActionUuid), RetryPolicies.Bookkeeping);
            abort = aborted ? "done" : "not supported";
        }
        catch (TaskFailedException ex)
        {
            abort = $"failed: {SafeMessages.Of(ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage)}";
        }

        if (execution.IsCompletedSuccessfully)
        {
            // The activity finished while the abort was under way: its result stands.
            return await execution;
        }

        throw new ActionTimedOutException($"timed out after {seconds} s (abort: {abort})");
    }

    /// <summary>
    /// Runs a <c>sleep</c> as a durable timer rather than inside its activity, so that a cancel (which cancels the
    /// timer through <paramref name="sleeps"/>) interrupts it: the activity starts the action, then completes it when
    /// the timer fires, or marks it CANCELLED when the timer was cancelled.
    /// </summary>
    private static async Task<ActionState> SleepAsync(TaskOrchestrationContext context, ExecuteActionInput input, TimeSpan duration, List<CancellationTokenSource> sleeps)
    {
        using var timer = new CancellationTokenSource();
        sleeps.Add(timer);
        try
        {
            await context.CallActivityAsync<ActionState>(ExecuteActionActivity.Name, input with { Step = ActionStep.Start }, RetryPolicies.Action);
            var fired = !timer.IsCancellationRequested;
            if (fired)
            {
                try
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.Add(duration), timer.Token);
                }
                catch (TaskCanceledException)
                {
                    fired = false;
                }
            }

            var step = fired ? ActionStep.Complete : ActionStep.Cancel;
            return await context.CallActivityAsync<ActionState>(ExecuteActionActivity.Name, input with { Step = step }, RetryPolicies.Action);
        }
        finally
        {
            sleeps.Remove(timer);
        }
    }

    private static ReadyActionSelector? Selector(ExecutionPolicy? policy)
    {
        try
        {
            return new ReadyActionSelector(policy ?? ExecutionPolicy.Default);
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    internal static string StateName(ActionPlanState state) => StateMachine<ActionPlanState>.Name(state);

    private static Task<ActionPlanState> Finish(TaskOrchestrationContext context, string plan, ActionPlanState state, string? message, string? failedAction, IReadOnlyList<string> reverted, IReadOnlyList<string> revertFailed) =>
        context.CallActivityAsync<ActionPlanState>(FinishPlanActivity.Name, new PlanCompletion(plan, state, message, failedAction, reverted, revertFailed), RetryPolicies.Bookkeeping);
}
