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
/// without reverting. Deterministic: all I/O is in activities.
/// </summary>
public sealed class ActionPlanOrchestrator : TaskOrchestrator<PlanRunInput, PlanOutcome>
{
    public const string Name = "ActionPlanOrchestrator";

    /// <summary>The custom status phase once a plan or rollback orchestration has ended.</summary>
    public const string Finished = "finished";

    public override async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, PlanRunInput input)
    {
        await LeaseGate.AcquireAsync(context, input.PlanUuid);
        var graph = await context.CallActivityAsync<PlanGraph>(BeginPlanActivity.Name, input.PlanUuid, RetryPolicies.Bookkeeping);
        if (graph.Cancelled)
        {
            await Finish(context, input.PlanUuid, ActionPlanState.Cancelled, "Cancelled before it started.", null, [], []);
            context.SetCustomStatus(new PlanProgress(
                Finished, graph.Actions.Count, graph.Actions.Count(a => a.State == ActionState.Succeeded), graph.Actions.Count(a => a.State == ActionState.Failed), 0,
                graph.Actions.Count(a => a.State == ActionState.Reverted), graph.Actions.Count(a => a.State == ActionState.RevertFailed), null, null,
                graph.Actions.Count(a => a.State is ActionState.Pending or ActionState.Cancelled), StateName(ActionPlanState.Cancelled),
                graph.Actions.Count(a => a.State == ActionState.Skipped)));
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Cancelled, "Cancelled before it started.");
        }

        if (Selector(graph) is not { } selector)
        {
            const string invalid = "The plan's maintenance window is invalid; nothing was started.";
            await Finish(context, input.PlanUuid, ActionPlanState.Failed, invalid, null, [], []);
            context.SetCustomStatus(new PlanProgress(Finished, graph.Actions.Count, 0, 0, 0, 0, 0, null, invalid, graph.Actions.Count, StateName(ActionPlanState.Failed)));
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Failed, invalid);
        }

        var done = new HashSet<string>(graph.Actions.Where(a => a.State is ActionState.Succeeded or ActionState.Skipped).Select(a => a.Uuid));
        var pending = graph.Actions.Where(a => a.State == ActionState.Pending).ToList();
        var succeededOrder = graph.Actions.Where(a => a.State == ActionState.Succeeded).Select(a => a.Uuid).ToList();
        var running = new Dictionary<Task<ActionState>, PlanGraphNode>();
        var sleeps = new List<CancellationTokenSource>();
        var cancelledRunning = 0;
        var cancel = context.WaitForExternalEvent<string>(TaskNames.CancelEvent);
        var cancelled = false;
        string? failedAction = null;
        string? failure = null;
        var sequence = succeededOrder.Count;
        var progress = new PlanProgress("executing", graph.Actions.Count, done.Count, 0, 0, 0, 0, null, null,
            Skipped: graph.Actions.Count(a => a.State == ActionState.Skipped));
        var starts = new List<DateTimeOffset>();
        var wake = new WakeTimer(context);
        DateTimeOffset? recordedNextRun = null;

        // Starts what the window and budget allow, and records on the plan when it will next run if something waits.
        async Task StartReadyActionsAsync()
        {
            var selection = ReadyActions.None;
            if (!cancelled && failedAction is null)
            {
                var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
                selection = selector.Select(pending, done, running.Values.Select(a => a.Footprint ?? ActionFootprint.Barrier).ToList(), starts, now);
                foreach (var action in selection.Start)
                {
                    pending.Remove(action);
                    starts.Add(now);
                    running[RunActionAsync(context, new ExecuteActionInput(input.PlanUuid, action.Uuid, ++sequence), action, sleeps)] = action;
                }
            }

            wake.Set(selection.WakeAt);
            if (recordedNextRun != selection.WakeAt)
            {
                recordedNextRun = selection.WakeAt;
                await context.CallActivityAsync<bool>(RecordPlanWaitActivity.Name, new PlanWaitInput(input.PlanUuid, selection.WakeAt, selection.Reason), RetryPolicies.Bookkeeping);
            }

            context.SetCustomStatus(progress = progress with
            {
                Succeeded = succeededOrder.Count, Running = running.Count, WaitingFor = selection.WaitingFor, NextRunAt = selection.WakeAt,
            });
        }

        async Task RecordFailureAsync(string uuid, string message)
        {
            var state = await context.CallActivityAsync<ActionState>(RecordActionFailureActivity.Name, new ActionFailureInput(input.PlanUuid, uuid, message), RetryPolicies.Bookkeeping);
            if (state == ActionState.Succeeded)
            {
                // It timed out, but its activity succeeded before the failure was recorded: it is done, and compensation must see it.
                done.Add(uuid);
                succeededOrder.Add(uuid);
                return;
            }

            if (failedAction is null)
            {
                failedAction = uuid;
                failure = $"Action {uuid} failed: {message}";
            }

            progress = progress with { Failed = progress.Failed + 1, FailedActionUuid = failedAction, Failure = failure };
        }

        await StartReadyActionsAsync();
        while (running.Count > 0 || wake.Task is not null)
        {
            List<Task> waitOn = [.. running.Keys];
            if (!cancelled)
            {
                waitOn.Add(cancel);
            }

            if (wake.Task is { } timer)
            {
                waitOn.Add(timer);
            }

            var finished = await Task.WhenAny(waitOn);
            if (finished == cancel)
            {
                cancelled = true;
                sleeps.ForEach(cts => cts.Cancel());
                await StartReadyActionsAsync();
                continue;
            }

            if (finished == wake.Task)
            {
                wake.Fired();
                await StartReadyActionsAsync();
                continue;
            }

            var completed = (Task<ActionState>)finished;
            var uuid = running[completed].Uuid;
            running.Remove(completed);
            try
            {
                switch (await completed)
                {
                    case ActionState.Cancelled:
                        cancelledRunning++;
                        break;
                    case ActionState.Skipped:
                        done.Add(uuid);
                        progress = progress with { Skipped = progress.Skipped + 1 };
                        break;
                    default:
                        done.Add(uuid);
                        succeededOrder.Add(uuid);
                        break;
                }
            }
            catch (TaskFailedException ex)
            {
                await RecordFailureAsync(uuid, SafeMessages.Of(ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage));
            }
            catch (ActionTimedOutException ex)
            {
                await RecordFailureAsync(uuid, ex.Message);
            }

            await StartReadyActionsAsync();
        }

        if (failedAction is not null)
        {
            // Compensation: what the plan's policy says to revert (all, the failed action's branch, or none), over the
            // reversed dependency graph, independent reverts in parallel within the plan's disruption budget.
            var reverts = await context.CallActivityAsync<RevertPlan>(BeginCompensationActivity.Name, new CompensationInput(input.PlanUuid, failedAction), RetryPolicies.Bookkeeping);
            var compensating = progress with { Phase = "compensating", Succeeded = succeededOrder.Count, Running = 0 };
            var result = await Compensation.RevertAsync(context, input.PlanUuid, reverts, compensating);
            var revertFailed = result.RevertFailed.Select(f => f.ActionUuid).ToList();
            await context.CallActivityAsync<ActionPlanState>(
                FinishPlanActivity.Name,
                new PlanCompletion(input.PlanUuid, ActionPlanState.Failed, failure, failedAction, result.Reverted, revertFailed, result.NotReverted, reverts.Policy.Compensation),
                RetryPolicies.Bookkeeping);
            context.SetCustomStatus(compensating with
            {
                Phase = Finished,
                State = StateName(ActionPlanState.Failed),
                Succeeded = succeededOrder.Count - result.Reverted.Count - revertFailed.Count,
                Running = 0,
                Reverted = result.Reverted.Count,
                RevertFailed = revertFailed.Count,
                Cancelled = pending.Count + cancelledRunning,
            });
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Failed, failure);
        }

        if (cancelled || pending.Count > 0)
        {
            var message = cancelled ? "Cancelled by request." : "Some actions could not start.";
            await Finish(context, input.PlanUuid, ActionPlanState.Cancelled, message, null, [], []);
            context.SetCustomStatus(progress with
            {
                Phase = Finished, State = StateName(ActionPlanState.Cancelled), Succeeded = succeededOrder.Count, Running = 0, Cancelled = pending.Count + cancelledRunning,
            });
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Cancelled, message);
        }

        await Finish(context, input.PlanUuid, ActionPlanState.Succeeded, null, null, [], []);
        context.SetCustomStatus(progress with { Phase = Finished, State = StateName(ActionPlanState.Succeeded), Succeeded = succeededOrder.Count, Running = 0 });
        return new PlanOutcome(input.PlanUuid, ActionPlanState.Succeeded, null);
    }

    /// <summary>
    /// Runs one action: a <c>sleep</c> on a durable timer, anything else as its activity raced against a durable timer
    /// of the action's timeout. When the timer wins, the cloud is asked to abort the action and
    /// <see cref="ActionTimedOutException"/> fails it (the activity's late result is ignored).
    /// </summary>
    private static async Task<ActionState> RunActionAsync(TaskOrchestrationContext context, ExecuteActionInput input, PlanGraphNode action, List<CancellationTokenSource> sleeps)
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

    private static ReadyActionSelector? Selector(PlanGraph graph)
    {
        try
        {
            return new ReadyActionSelector(graph.Policy ?? ExecutionPolicy.Default);
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
