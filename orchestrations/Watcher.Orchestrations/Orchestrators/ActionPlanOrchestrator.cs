using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Executes an action plan: walks the action graph, runs every ready action in parallel as an activity with
/// retries, and on the first failure stops starting new actions, lets running ones finish, then compensates by
/// reverting every succeeded action in reverse completion order. A <c>cancel</c> event stops it the same way,
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
                graph.Actions.Count(a => a.State is ActionState.Pending or ActionState.Cancelled), StateName(ActionPlanState.Cancelled)));
            return new PlanOutcome(input.PlanUuid, ActionPlanState.Cancelled, "Cancelled before it started.");
        }

        var done = new HashSet<string>(graph.Actions.Where(a => a.State is ActionState.Succeeded or ActionState.Skipped).Select(a => a.Uuid));
        var pending = graph.Actions.Where(a => a.State == ActionState.Pending).ToList();
        var succeededOrder = graph.Actions.Where(a => a.State == ActionState.Succeeded).Select(a => a.Uuid).ToList();
        var running = new Dictionary<Task<ActionState>, string>();
        var sleeps = new List<CancellationTokenSource>();
        var cancelledRunning = 0;
        var cancel = context.WaitForExternalEvent<string>(TaskNames.CancelEvent);
        var cancelled = false;
        string? failedAction = null;
        string? failure = null;
        var sequence = succeededOrder.Count;
        var progress = new PlanProgress("executing", graph.Actions.Count, done.Count, 0, 0, 0, 0, null, null);

        void StartReadyActions()
        {
            if (cancelled || failedAction is not null)
            {
                context.SetCustomStatus(progress = progress with { Succeeded = succeededOrder.Count, Running = running.Count });
                return;
            }

            foreach (var action in pending.Where(a => a.Parents.All(done.Contains)).ToList())
            {
                pending.Remove(action);
                var task = action.SleepSeconds is { } seconds
                    ? SleepAsync(context, new ExecuteActionInput(input.PlanUuid, action.Uuid, ++sequence), TimeSpan.FromSeconds(seconds), sleeps)
                    : context.CallActivityAsync<ActionState>(
                        ExecuteActionActivity.Name,
                        new ExecuteActionInput(input.PlanUuid, action.Uuid, ++sequence),
                        RetryPolicies.Action);
                running[task] = action.Uuid;
            }

            context.SetCustomStatus(progress = progress with { Succeeded = succeededOrder.Count, Running = running.Count });
        }

        StartReadyActions();
        while (running.Count > 0)
        {
            var waitOn = cancelled ? running.Keys.ToList<Task>() : [.. running.Keys, cancel];
            var finished = await Task.WhenAny(waitOn);
            if (finished == cancel)
            {
                cancelled = true;
                sleeps.ForEach(cts => cts.Cancel());
                continue;
            }

            var completed = (Task<ActionState>)finished;
            var uuid = running[completed];
            running.Remove(completed);
            try
            {
                if (await completed == ActionState.Cancelled)
                {
                    cancelledRunning++;
                }
                else
                {
                    done.Add(uuid);
                    succeededOrder.Add(uuid);
                }
            }
            catch (TaskFailedException ex)
            {
                var message = ex.FailureDetails.ErrorMessage;
                await context.CallActivityAsync<ActionState>(RecordActionFailureActivity.Name, new ActionFailureInput(input.PlanUuid, uuid, message), RetryPolicies.Bookkeeping);
                if (failedAction is null)
                {
                    failedAction = uuid;
                    failure = $"Action {uuid} failed: {message}";
                }

                progress = progress with { Failed = progress.Failed + 1, FailedActionUuid = failedAction, Failure = failure };
            }

            StartReadyActions();
        }

        if (failedAction is not null)
        {
            var (reverted, revertFailed) = await Compensation.RevertAsync(context, input.PlanUuid, Enumerable.Reverse(succeededOrder).ToList(), progress with { Phase = "compensating" });
            await Finish(context, input.PlanUuid, ActionPlanState.Failed, failure, failedAction, reverted, revertFailed);
            context.SetCustomStatus(progress with
            {
                Phase = Finished,
                State = StateName(ActionPlanState.Failed),
                Succeeded = succeededOrder.Count - reverted.Count - revertFailed.Count,
                Running = 0,
                Reverted = reverted.Count,
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

    internal static string StateName(ActionPlanState state) => StateMachine<ActionPlanState>.Name(state);

    private static Task<ActionPlanState> Finish(TaskOrchestrationContext context, string plan, ActionPlanState state, string? message, string? failedAction, IReadOnlyList<string> reverted, IReadOnlyList<string> revertFailed) =>
        context.CallActivityAsync<ActionPlanState>(FinishPlanActivity.Name, new PlanCompletion(plan, state, message, failedAction, reverted, revertFailed), RetryPolicies.Bookkeeping);
}
