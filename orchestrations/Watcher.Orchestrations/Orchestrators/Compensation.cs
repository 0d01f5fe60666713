using Microsoft.DurableTask;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;
using Watcher.Domain.Errors;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// The revert engine shared by compensation and rollback: runs a <see cref="RevertPlan"/> over the reversed dependency
/// graph with <see cref="RevertScheduler"/>, every independent revert at once within the plan's disruption budget,
/// each as a retried activity. A revert that still fails is recorded and the others go on; what it depends on stays in
/// place and is reported. The custom status counts the reverts in flight as <see cref="PlanProgress.Running"/>.
/// </summary>
public static class Compensation
{
    public static async Task<RevertResult> RevertAsync(TaskOrchestrationContext context, string planUuid, RevertPlan plan, PlanProgress progress)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(progress);
        var scheduler = new RevertScheduler(plan);
        var running = new Dictionary<Task, string>();

        void Report()
        {
            var result = scheduler.Result;
            context.SetCustomStatus(progress with
            {
                Succeeded = Math.Max(0, progress.Succeeded - result.Reverted.Count - result.RevertFailed.Count),
                Running = running.Count,
                Reverted = progress.Reverted + result.Reverted.Count,
                RevertFailed = progress.RevertFailed + result.RevertFailed.Count,
            });
        }

        DateTimeOffset Now() => new(context.CurrentUtcDateTime, TimeSpan.Zero);

        void StartReady()
        {
            foreach (var step in scheduler.StartReady(Now()))
            {
                running[context.CallActivityAsync<ActionState>(RevertActionActivity.Name, new ActionRefInput(planUuid, step.ActionUuid), RetryPolicies.Action)] = step.ActionUuid;
            }

            Report();
        }

        StartReady();
        while (!scheduler.IsDone)
        {
            // Only the hourly cap holds a ready revert back while nothing runs (the scheduler lets one through any other
            // cap then); otherwise wait for a revert to finish, or for the hourly slot when that is what a revert waits on.
            var slot = scheduler.Waiting is null ? null : scheduler.NextHourlySlot(Now());
            if (running.Count == 0)
            {
                await context.CreateTimer((slot ?? Now().AddMinutes(1)).UtcDateTime, CancellationToken.None);
                StartReady();
                continue;
            }

            using var timerCancel = new CancellationTokenSource();
            var waitOn = new List<Task>(running.Keys);
            if (slot is { } at)
            {
                waitOn.Add(context.CreateTimer(at.UtcDateTime, timerCancel.Token));
            }

            var finished = await Task.WhenAny(waitOn);
            if (running.TryGetValue(finished, out var uuid))
            {
                timerCancel.Cancel();
                running.Remove(finished);
                try
                {
                    await finished;
                    scheduler.Reverted(uuid);
                }
                catch (TaskFailedException ex)
                {
                    scheduler.Failed(uuid, SafeMessages.Of(ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage));
                }
            }

            StartReady();
        }

        return scheduler.Result;
    }
}
