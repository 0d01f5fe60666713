using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// The execution loop of a plan orchestration, over a set of actions: a whole small plan (run inline by
/// <see cref="ActionPlanOrchestrator"/>) or one batch of a large one (<see cref="ActionPlanBatches"/>). Starts every
/// ready action as far as the window and budget allow, waits for one to finish, the window timer or a cancel; on the
/// first failure it stops starting actions and lets running ones finish. Counts are added to
/// <paramref name="progress"/>, which is the custom status it reports.
/// </summary>
internal sealed class ActionBatchLoop(
    TaskOrchestrationContext context, string planUuid, ReadyActionSelector selector, IEnumerable<PlanGraphNode> actions, PlanProgress progress, int sequence, IEnumerable<DateTimeOffset> starts)
{
    private readonly List<PlanGraphNode> _pending = [.. actions.Where(a => a.State == ActionState.Pending)];
    private readonly HashSet<string> _done = [.. actions.Where(a => a.State is ActionState.Succeeded or ActionState.Skipped).Select(a => a.Uuid)];
    private readonly Dictionary<Task<ActionState>, PlanGraphNode> _running = [];
    private readonly List<CancellationTokenSource> _sleeps = [];
    private readonly List<DateTimeOffset> _starts = [.. starts];
    private readonly int _succeededBefore = progress.Succeeded;
    private DateTimeOffset? _recordedNextRun;

    /// <summary>Actions of this loop that never started.</summary>
    public IReadOnlyList<PlanGraphNode> Pending => _pending;

    public int Succeeded { get; private set; }

    public int Skipped { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Running actions a cancel stopped (sleeps).</summary>
    public int CancelledRunning { get; private set; }

    public bool Cancelled { get; private set; }

    public string? FailedAction { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>The completion sequence number of the last action started.</summary>
    public int Sequence { get; private set; } = sequence;

    /// <summary>The progress as last reported.</summary>
    public PlanProgress Progress { get; private set; } = progress;

    /// <summary>When this loop's actions started (with the starts it was given).</summary>
    public IReadOnlyList<DateTimeOffset> Starts => _starts;

    /// <summary>Runs until nothing runs and nothing waits for a timer; <paramref name="cancel"/> stops it starting actions.</summary>
    public async Task RunAsync(Task<string> cancel)
    {
        var wake = new WakeTimer(context);
        await StartReadyActionsAsync(wake);
        while (_running.Count > 0 || wake.Task is not null)
        {
            List<Task> waitOn = [.. _running.Keys];
            if (!Cancelled)
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
                Cancelled = true;
                _sleeps.ForEach(cts => cts.Cancel());
                await StartReadyActionsAsync(wake);
                continue;
            }

            if (finished == wake.Task)
            {
                wake.Fired();
                await StartReadyActionsAsync(wake);
                continue;
            }

            var completed = (Task<ActionState>)finished;
            var uuid = _running[completed].Uuid;
            _running.Remove(completed);
            try
            {
                switch (await completed)
                {
                    case ActionState.Cancelled:
                        CancelledRunning++;
                        break;
                    case ActionState.Skipped:
                        _done.Add(uuid);
                        Skipped++;
                        Progress = Progress with { Skipped = Progress.Skipped + 1 };
                        break;
                    default:
                        _done.Add(uuid);
                        Succeeded++;
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

            await StartReadyActionsAsync(wake);
        }
    }

    // Starts what the window and budget allow, and records on the plan when it will next run if something waits.
    private async Task StartReadyActionsAsync(WakeTimer wake)
    {
        var selection = ReadyActions.None;
        if (!Cancelled && FailedAction is null)
        {
            var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            selection = selector.Select(_pending, _done, _running.Values.Select(a => a.Footprint ?? ActionFootprint.Barrier).ToList(), _starts, now);
            foreach (var action in selection.Start)
            {
                _pending.Remove(action);
                _starts.Add(now);
                _running[ActionPlanOrchestrator.RunActionAsync(context, new ExecuteActionInput(planUuid, action.Uuid, ++Sequence), action, _sleeps)] = action;
            }
        }

        wake.Set(selection.WakeAt);
        if (_recordedNextRun != selection.WakeAt)
        {
            _recordedNextRun = selection.WakeAt;
            await context.CallActivityAsync<bool>(RecordPlanWaitActivity.Name, new PlanWaitInput(planUuid, selection.WakeAt, selection.Reason), RetryPolicies.Bookkeeping);
        }

        context.SetCustomStatus(Progress = Progress with
        {
            Succeeded = _succeededBefore + Succeeded, Running = _running.Count, WaitingFor = selection.WaitingFor, NextRunAt = selection.WakeAt,
        });
    }

    private async Task RecordFailureAsync(string uuid, string message)
    {
        var state = await context.CallActivityAsync<ActionState>(RecordActionFailureActivity.Name, new ActionFailureInput(planUuid, uuid, message), RetryPolicies.Bookkeeping);
        if (state == ActionState.Succeeded)
        {
            // It timed out, but its activity succeeded before the failure was recorded: it is done, and compensation must see it.
            _done.Add(uuid);
            Succeeded++;
            return;
        }

        if (FailedAction is null)
        {
            FailedAction = uuid;
            Failure = $"Action {uuid} failed: {message}";
        }

        Failed++;
        Progress = Progress with { Failed = Progress.Failed + 1, FailedActionUuid = FailedAction, Failure = Failure };
    }
}
