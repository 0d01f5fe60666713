using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// A large plan's execution, for <see cref="ActionPlanOrchestrator"/>: asks <see cref="NextActionBatchActivity"/> for
/// the PENDING actions of the next page of the plan's action order (parents before children), runs them inline with the
/// same loop as a small plan (<see cref="ActionBatchLoop"/>), then continues as new with only counters
/// (<see cref="PlanBatchCarry"/>). So one generation of the plan's orchestration runs at most one batch, and its
/// history is bounded by one page of actions, not by the plan. Batches are not sub-orchestrations: on the local host's
/// engine (the gRPC sidecar over DurableTask.AzureStorage) a sub-orchestration's history event is stored without its
/// event type and the parent never progresses. A failure in a batch stops the plan after that batch and compensates
/// everything that succeeded, in every batch; a cancel stops the running batch starting actions and no further batch
/// starts (a cancel is stored before its event is raised, and the next page's read sees it: the in-process engine
/// does not carry an event raised between generations even with <c>preserveUnprocessedEvents</c>). The custom status is exact throughout.
/// </summary>
public static class ActionPlanBatches
{
    public static async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, PlanRunInput input)
    {
        var carry = input.Carry ?? throw new ArgumentException("A batched execution needs its carried state.", nameof(input));
        var plan = input.PlanUuid;
        var policy = carry.Policy ?? ExecutionPolicy.Default;
        var cancel = context.WaitForExternalEvent<string>(TaskNames.CancelEvent);
        var cancelled = false;
        string? failedAction = null;
        string? failure = null;
        context.SetCustomStatus(carry.Progress);
        while (carry.Page < carry.Pages)
        {
            var batch = await context.CallActivityAsync<PlanBatch>(NextActionBatchActivity.Name, new PlanBatchRequest(plan, carry.Page), RetryPolicies.Bookkeeping);
            carry = carry with
            {
                Page = batch.NextPage,
                Progress = carry.Progress with { Succeeded = carry.Progress.Succeeded + batch.Succeeded, Skipped = carry.Progress.Skipped + batch.Skipped },
            };
            if (batch.Cancelled || cancel.IsCompleted)
            {
                cancelled = true;
                break;
            }

            if (batch.Actions.Count > 0)
            {
                var loop = new ActionBatchLoop(
                    context, plan, new ReadyActionSelector(policy), batch.Actions, carry.Progress with { Phase = "executing" }, carry.Sequence, carry.Starts);
                await loop.RunAsync(cancel);
                var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
                carry = carry with
                {
                    Batches = carry.Batches + 1,
                    Sequence = loop.Sequence,
                    Starts = CountedStarts(policy, loop.Starts, now),
                    NotStarted = carry.NotStarted + loop.Pending.Count,
                    Progress = loop.Progress with { Succeeded = carry.Progress.Succeeded + loop.Succeeded, Running = 0, WaitingFor = null, NextRunAt = null },
                };
                context.SetCustomStatus(carry.Progress);
                cancelled = loop.Cancelled || cancel.IsCompleted;
                if (loop.FailedAction is not null)
                {
                    failedAction = loop.FailedAction;
                    failure = loop.Failure;
                    break;
                }

                if (cancelled)
                {
                    break;
                }
            }

            if (carry.Page < carry.Pages)
            {
                // One batch per generation: the history never holds more than one page of actions.
                context.ContinueAsNew(input with { Carry = carry with { Generation = carry.Generation + 1 } }, preserveUnprocessedEvents: true);
                return new PlanOutcome(plan, ActionPlanState.Ongoing, $"Continued as generation {carry.Generation + 1}.");
            }
        }

        var progress = carry.Progress with { Running = 0, WaitingFor = null, NextRunAt = null };
        var neverRan = progress.Total - progress.Succeeded - progress.Skipped - progress.Failed;
        if (failedAction is not null)
        {
            return await ActionPlanOrchestrator.CompensateAsync(context, plan, failedAction, failure, progress, neverRan);
        }

        if (cancelled || carry.NotStarted > 0)
        {
            var message = cancelled ? "Cancelled by request." : "Some actions could not start.";
            await context.CallActivityAsync<ActionPlanState>(FinishPlanActivity.Name, new PlanCompletion(plan, ActionPlanState.Cancelled, message, null, [], []), RetryPolicies.Bookkeeping);
            context.SetCustomStatus(progress with { Phase = ActionPlanOrchestrator.Finished, State = ActionPlanOrchestrator.StateName(ActionPlanState.Cancelled), Cancelled = neverRan });
            return new PlanOutcome(plan, ActionPlanState.Cancelled, message);
        }

        await context.CallActivityAsync<ActionPlanState>(FinishPlanActivity.Name, new PlanCompletion(plan, ActionPlanState.Succeeded, null, null, [], []), RetryPolicies.Bookkeeping);
        context.SetCustomStatus(progress with { Phase = ActionPlanOrchestrator.Finished, State = ActionPlanOrchestrator.StateName(ActionPlanState.Succeeded) });
        return new PlanOutcome(plan, ActionPlanState.Succeeded, null);
    }

    /// <summary>The starts the hourly cap still counts at <paramref name="now"/>: the latest, at most the cap (none without one).</summary>
    internal static IReadOnlyList<DateTimeOffset> CountedStarts(ExecutionPolicy policy, IEnumerable<DateTimeOffset> starts, DateTimeOffset now) =>
        policy.MaxActionsPerHour is { } cap ? [.. starts.Where(t => t > now - DisruptionBudget.Hour).Order().TakeLast(cap)] : [];
}
