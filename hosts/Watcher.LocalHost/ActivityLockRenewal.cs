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
/// <para>
/// A storage outage must not strand an activity. The sidecar's dispatcher abandons a work item whose completion
/// failed, and the engine forgets the work item only when the abandon (or the completion) reaches storage. During an
/// outage both fail, so the engine kept the work item as "being processed" for ever: once its message became visible
/// again this process refused it as a duplicate on every delivery, and the plan never moved again (the 75 s outage
/// soak). So here a completion or an abandon that fails because storage does not answer (<see cref="StorageOutage"/>)
/// is tried again, with back-off up to 30 s, until it goes through or the host stops; renewals keep trying through the
/// outage too; and while any work item is waiting for storage this way, no new activity message is fetched, so the
/// message keeps its pop receipt and the retried completion can delete it. Failures that are answers (a message
/// gone, a pop receipt that no longer matches) are passed on as before.
/// </para>
/// </summary>
internal sealed partial class ActivityLockRenewal(IOrchestrationService inner, string workerId, bool renew, ILogger<ActivityLockRenewal> logger) : IOrchestrationService
{
    private static readonly TimeSpan MaxRenewEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinRenewEvery = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<string, Renewal> _renewals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _waitingForStorage = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _completed;

    /// <summary>The wait before retry <c>n</c> (1, 2, …) of a call that storage did not answer: 1, 2, 4, 8, 16, then 30 s.</summary>
    internal Func<int, TimeSpan> OutageBackoff { get; init; } = attempt => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(attempt - 1, 5))));

    /// <summary>How long a fetch waits before it looks again whether the work items waiting for storage are settled.</summary>
    internal TimeSpan FetchHoldPoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Activity work items whose completion, abandon or renewal is waiting for storage to answer.</summary>
    public int WaitingForStorage => _waitingForStorage.Count;

    /// <summary>Activities this process completed since it started.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        // A message fetched now could be one whose work item here waits for storage: the engine would refuse it as a
        // duplicate, and the fetch would change its pop receipt under the waiting completion.
        while (!_waitingForStorage.IsEmpty)
        {
            await Task.Delay(FetchHoldPoll, cancellationToken);
        }

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
        await UntilStorageAnswersAsync(workItem, "completion", () => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage));
        Interlocked.Increment(ref _completed);
        LogCompleted(logger, Describe(workItem), workerId, Completed);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await UntilStorageAnswersAsync(workItem, "abandon", () => inner.AbandonTaskActivityWorkItemAsync(workItem));
    }

    public Task StartAsync() => inner.StartAsync();

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await inner.StopAsync();
    }

    public async Task StopAsync(bool isForced)
    {
        await _stopping.CancelAsync();
        await inner.StopAsync(isForced);
    }

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
        var failures = 0;
        try
        {
            while (true)
            {
                var wait = failures == 0 ? RenewEvery(workItem.LockedUntilUtc, DateTime.UtcNow) : OutageBackoff(failures);
                await Task.Delay(wait, renewal.Stop.Token);
                try
                {
                    workItem = await inner.RenewTaskActivityWorkItemLockAsync(workItem);
                    if (failures > 0)
                    {
                        LogStorageBack(logger, Describe(workItem), "renewal", failures);
                        _waitingForStorage.TryRemove(workItem.Id, out _);
                        failures = 0;
                    }

                    LogRenewed(logger, Describe(workItem), workItem.LockedUntilUtc);
                }
                catch (Exception ex) when (StorageOutage.IsOutage(ex))
                {
                    // Keep the message from being fetched again here (see the class remarks) and keep renewing: the
                    // first renewal that gets through makes the message invisible again with the same pop receipt.
                    failures++;
                    _waitingForStorage.TryAdd(workItem.Id, 0);
                    LogWaitingForStorage(logger, Describe(workItem), "renewal", failures, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (renewal.Stop.IsCancellationRequested)
        {
            // Completed or abandoned: the completion or abandon settles the wait for storage.
        }
        catch (Exception ex)
        {
            // An answer, not an outage (the message is gone or was taken by another worker): the renewals end, and
            // the message comes back after its visibility timeout as it did without them.
            _waitingForStorage.TryRemove(workItem.Id, out _);
            LogRenewFailed(logger, ex, Describe(workItem));
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> (a completion or an abandon) until storage answers it: a failure that is an outage
    /// is retried after <see cref="OutageBackoff"/> while the host runs; any other failure, or the host stopping, is
    /// passed on.
    /// </summary>
    private async Task UntilStorageAnswersAsync(TaskActivityWorkItem workItem, string what, Func<Task> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                if (_waitingForStorage.TryRemove(workItem.Id, out _))
                {
                    LogStorageBack(logger, Describe(workItem), what, attempt - 1);
                }

                return;
            }
            catch (Exception ex) when (StorageOutage.IsOutage(ex) && !_stopping.IsCancellationRequested)
            {
                _waitingForStorage.TryAdd(workItem.Id, 0);
                LogWaitingForStorage(logger, Describe(workItem), what, attempt, ex.Message);
                try
                {
                    await Task.Delay(OutageBackoff(attempt), _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    _waitingForStorage.TryRemove(workItem.Id, out _);
                    throw;
                }

                if (renew)
                {
                    // Make the message invisible again before the next try (a no-op failure while storage is still
                    // down), so it is not delivered again meanwhile.
                    try
                    {
                        await inner.RenewTaskActivityWorkItemLockAsync(workItem);
                    }
                    catch (Exception renewal) when (StorageOutage.IsOutage(renewal))
                    {
                        // Still down: the next try of the call says so.
                    }
                }
            }
            catch
            {
                _waitingForStorage.TryRemove(workItem.Id, out _);
                throw;
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Activity}: storage did not answer its {Call} (try {Attempt}); trying again, and fetching no new activity meanwhile: {Reason}")]
    private static partial void LogWaitingForStorage(ILogger logger, string activity, string call, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Activity}: storage answered its {Call} again after {Failures} failed tries")]
    private static partial void LogStorageBack(ILogger logger, string activity, string call, int failures);

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
