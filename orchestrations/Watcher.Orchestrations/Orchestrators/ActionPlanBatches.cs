using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// A large plan's execution, for <see cref="ActionPlanOrchestrator"/>: asks <see cref="NextActionBatchActivity"/> for
/// the PENDING actions of the next page of the plan's action order (parents before children), runs them as one
/// <see cref="ActionBatchOrchestrator"/>, and carries only counters between batches (<see cref="PlanBatchCarry"/>);
/// after <see cref="BatchesPerGeneration"/> batches it continues as new, so its own history stays bounded too. A
/// failure in a batch stops the plan after that batch and compensates everything that succeeded, in every batch; a
/// cancel is forwarded to the running batch and no further batch starts. The custom status is exact at each batch's
/// end (the running batch's instance shows its own progress meanwhile).
/// </summary>
public static class ActionPlanBatches
{
    /// <summary>Batches run by one generation of the plan's orchestration before it continues as new.</summary>
    public const int BatchesPerGeneration = 10;

    public static async Task<PlanOutcome> RunAsync(TaskOrchestrationContext context, PlanRunInput input)
    {
        var carry = input.Carry ?? throw new ArgumentException("A batched execution needs its carried state.", nameof(input));
        var plan = input.PlanUuid;
        var cancel = context.WaitForExternalEvent<string>(TaskNames.CancelEvent);
        var cancelled = false;
        string? failedAction = null;
        string? failure = null;
        context.SetCustomStatus(carry.Progress);
        for (var inGeneration = 0; carry.Page < carry.Pages; inGeneration++)
        {
            if (inGeneration == BatchesPerGeneration)
            {
                context.ContinueAsNew(input with { Carry = carry with { Generation = carry.Generation + 1 } }, preserveUnprocessedEvents: true);
                return new PlanOutcome(plan, ActionPlanState.Ongoing, $"Continued as generation {carry.Generation + 1}.");
            }

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

            if (batch.Actions.Count == 0)
            {
                continue;
            }

            var number = carry.Batches + 1;
            var instanceId = TaskNames.PlanBatchInstanceId(plan, number);
            context.SetCustomStatus(carry.Progress);
            var run = context.CallSubOrchestratorAsync<ActionBatchOutcome>(
                ActionBatchOrchestrator.Name,
                new ActionBatchInput(plan, number, batch.Actions, carry.Policy, carry.Sequence, carry.Starts, carry.Progress),
                new SubOrchestrationOptions { InstanceId = instanceId });
            if (await Task.WhenAny(run, cancel) == cancel)
            {
                context.SendEvent(instanceId, TaskNames.CancelEvent, cancel.Result);
                cancelled = true;
            }

            var outcome = await run;
            carry = carry with
            {
                Batches = number, Sequence = outcome.Sequence, Starts = outcome.Starts, NotStarted = carry.NotStarted + outcome.NotStarted, Progress = outcome.Progress,
            };
            context.SetCustomStatus(carry.Progress);
            cancelled |= outcome.Cancelled;
            if (outcome.FailedActionUuid is not null)
            {
                failedAction = outcome.FailedActionUuid;
                failure = outcome.Failure;
                break;
            }

            if (cancelled)
            {
                break;
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
}
