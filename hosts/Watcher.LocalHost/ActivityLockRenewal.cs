using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Watcher.LocalHost;

/// <summary>
/// The orchestration service handed to the gRPC sidecar, with the activity-lock renewal its dispatcher lacks.
/// DurableTask.Core's own TaskActivityDispatcher renews a running activity's work item (RenewUntil →
/// <see cref="IOrchestrationService.RenewTaskActivityWorkItemLockAsync"/>), which for the Azure Storage engine pushes
/// the queue message's visibility forward. The sidecar's dispatcher (Microsoft.DurableTask.InProcessTestHost
/// 0.2.3-preview.1, WorkItemDispatcher) never calls it, so an activity longer than the work-item queue's visibility
/// timeout became visible again while it ran: it was delivered again and its completion failed on a stale pop receipt.
/// Here every locked activity work item is renewed every half of its remaining lock (at most every 30 s, like Core)
/// until it is completed or abandoned; a crash stops the renewals, so the message comes back after one visibility
/// timeout. With <paramref name="renew"/> false (Watcher:Durable:RenewActivityLocks) it only logs. Every call not about
/// activities goes straight to <paramref name="inner"/>. Each locked and completed work item is logged (Debug) with the
/// worker's id: that is how the scale-out test sees which process ran what.
/// </summary>
internal sealed partial class ActivityLockRenewal(IOrchestrationService inner, string workerId, bool renew, ILogger<ActivityLockRenewal> logger) : IOrchestrationService
{
    private static readonly TimeSpan MaxRenewEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinRenewEvery = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<string, Renewal> _renewals = new(StringComparer.Ordinal);
    private long _completed;

    /// <summary>Activities this process completed since it started.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null && renew)
        {
            var renewal = new Renewal(workItem);
            renewal.Loop = Task.Run(() => RenewUntilDoneAsync(renewal), CancellationToken.None);
            if (!_renewals.TryAdd(workItem.Id, renewal))
            {
                // Never expected: the engine refuses a message it is already processing.
                await renewal.Stop.CancelAsync();
            }
        }

        if (workItem is not null)
        {
            LogLocked(logger, Describe(workItem), workerId);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        // Stop renewing first: a renewal racing the delete would change the pop receipt under it.
        await StopRenewingAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        Interlocked.Increment(ref _completed);
        LogCompleted(logger, Describe(workItem), workerId, Completed);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>How long to wait before the next renewal: half of what is left of the lock, within 0.5–30 s.</summary>
    internal static TimeSpan RenewEvery(DateTime lockedUntilUtc, DateTime nowUtc)
    {
        var half = (lockedUntilUtc - nowUtc) / 2;
        return half < MinRenewEvery ? MinRenewEvery : half > MaxRenewEvery ? MaxRenewEvery : half;
    }

    private static string Describe(TaskActivityWorkItem workItem) => workItem.TaskMessage.Event is TaskScheduledEvent scheduled
        ? $"{scheduled.Name} {workItem.TaskMessage.OrchestrationInstance.InstanceId}#{scheduled.EventId}"
        : workItem.Id;

    private async Task RenewUntilDoneAsync(Renewal renewal)
    {
        var workItem = renewal.WorkItem;
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery(workItem.LockedUntilUtc, DateTime.UtcNow), renewal.Stop.Token);
                workItem = await inner.RenewTaskActivityWorkItemLockAsync(workItem);
                LogRenewed(logger, Describe(workItem), workItem.LockedUntilUtc);
            }
        }
        catch (OperationCanceledException) when (renewal.Stop.IsCancellationRequested)
        {
            // Completed or abandoned.
        }
        catch (Exception ex)
        {
            // The Azure Storage engine logs and swallows queue errors itself; anything else ends the renewals, and the
            // message comes back after its visibility timeout as it did without them.
            LogRenewFailed(logger, ex, Describe(workItem));
        }
    }

    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem.Id, out var renewal))
        {
            await renewal.Stop.CancelAsync();
            if (renewal.Loop is { } loop)
            {
                await loop;
            }

            renewal.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity {Activity} locked by worker {WorkerId}")]
    private static partial void LogLocked(ILogger logger, string activity, string workerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity {Activity} completed by worker {WorkerId} ({Completed} in all)")]
    private static partial void LogCompleted(ILogger logger, string activity, string workerId, long completed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity {Activity} lock renewed until {LockedUntil:O}")]
    private static partial void LogRenewed(ILogger logger, string activity, DateTime lockedUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Activity}: lock renewal stopped")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string activity);

    private sealed class Renewal(TaskActivityWorkItem workItem) : IDisposable
    {
        public TaskActivityWorkItem WorkItem { get; } = workItem;

        public CancellationTokenSource Stop { get; } = new();

        public Task? Loop { get; set; }

        public void Dispose() => Stop.Dispose();
    }
}
