using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Runs one batch of a large plan (at most a page of its actions) with the same loop, policy and failure rule as a small
/// plan's execution (<see cref="ActionBatchLoop"/>); its parent forwards a <c>cancel</c> event to it. Its history is
/// bounded by the batch's size, not the plan's. Deterministic.
/// </summary>
public sealed class ActionBatchOrchestrator : TaskOrchestrator<ActionBatchInput, ActionBatchOutcome>
{
    public const string Name = "ActionBatchOrchestrator";

    public override async Task<ActionBatchOutcome> RunAsync(TaskOrchestrationContext context, ActionBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var policy = input.Policy ?? ExecutionPolicy.Default;
        var loop = new ActionBatchLoop(
            context, input.PlanUuid, new ReadyActionSelector(policy), input.Actions, input.Progress with { Phase = "executing" }, input.Sequence, input.Starts);
        await loop.RunAsync(context.WaitForExternalEvent<string>(TaskNames.CancelEvent));
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        return new ActionBatchOutcome(
            loop.Succeeded, loop.Skipped, loop.Failed, loop.CancelledRunning, loop.Pending.Count, loop.Cancelled, loop.FailedAction, loop.Failure, loop.Sequence,
            CountedStarts(policy, loop.Starts, now),
            loop.Progress with { Succeeded = input.Progress.Succeeded + loop.Succeeded, Running = 0, WaitingFor = null, NextRunAt = null });
    }

    /// <summary>The starts the hourly cap still counts at <paramref name="now"/>: the latest, at most the cap (none without one).</summary>
    internal static IReadOnlyList<DateTimeOffset> CountedStarts(ExecutionPolicy policy, IEnumerable<DateTimeOffset> starts, DateTimeOffset now) =>
        policy.MaxActionsPerHour is { } cap ? [.. starts.Where(t => t > now - DisruptionBudget.Hour).Order().TakeLast(cap)] : [];
}
