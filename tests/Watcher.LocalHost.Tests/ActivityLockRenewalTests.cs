using Azure;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace Watcher.LocalHost.Tests;

/// <summary>
/// The activity work items the sidecar gets through <see cref="ActivityLockRenewal"/> survive a storage outage: a
/// completion or abandon that storage does not answer is tried again until it goes through (the engine forgets a work
/// item only then; before, a long outage stranded it for ever), and no new activity is fetched meanwhile.
/// </summary>
public sealed class ActivityLockRenewalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CompleteTaskActivityWorkItemAsync_StorageDownForTwoTries_RetriesUntilCompleted()
    {
        var engine = new FakeEngine { CompleteFailures = { Unreachable(), Unreachable() } };
        var renewal = Create(engine);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await renewal.CompleteTaskActivityWorkItemAsync(workItem, Response(workItem)).WaitAsync(Wait);

        Assert.Equal(3, engine.CompleteCalls);
        Assert.Equal(1, renewal.Completed);
        Assert.Equal(0, renewal.WaitingForStorage);
        Assert.True(engine.RenewCalls >= 2, $"the message is made invisible again before each retry ({engine.RenewCalls} renewals)");
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItemAsync_StorageDownForOneTry_RetriesUntilAbandoned()
    {
        var engine = new FakeEngine { AbandonFailures = { Unreachable() } };
        var renewal = Create(engine);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await renewal.AbandonTaskActivityWorkItemAsync(workItem).WaitAsync(Wait);

        Assert.Equal(2, engine.AbandonCalls);
        Assert.Equal(0, renewal.WaitingForStorage);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_WhileACompletionWaitsForStorage_FetchesNothingUntilItIsThrough()
    {
        var engine = new FakeEngine { Down = true };
        var renewal = Create(engine);
        var completion = await CompletionWaitingForStorageAsync(renewal);

        var fetch = renewal.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(fetch.IsCompleted);
        Assert.Equal(1, engine.LockCalls);

        engine.StorageBack();
        await completion.WaitAsync(Wait);
        await fetch.WaitAsync(Wait);
        Assert.Equal(2, engine.LockCalls);
        Assert.Equal(0, renewal.WaitingForStorage);
    }

    [Fact]
    public async Task CompleteTaskActivityWorkItemAsync_FailureThatIsAnAnswer_PassedOnAtOnce()
    {
        var engine = new FakeEngine { CompleteFailures = { new RequestFailedException(400, "The specified pop receipt did not match.", "PopReceiptMismatch", null) } };
        var renewal = Create(engine);
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);

        await Assert.ThrowsAsync<RequestFailedException>(() => renewal.CompleteTaskActivityWorkItemAsync(workItem, Response(workItem)));

        Assert.Equal(1, engine.CompleteCalls);
        Assert.Equal(0, renewal.WaitingForStorage);
    }

    [Fact]
    public async Task CompleteTaskActivityWorkItemAsync_HostStopsDuringTheOutage_GivesUp()
    {
        var engine = new FakeEngine { Down = true };
        var renewal = Create(engine);
        var completion = await CompletionWaitingForStorageAsync(renewal);

        await renewal.StopAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => completion.WaitAsync(Wait));
        Assert.Equal(0, renewal.WaitingForStorage);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(404, false)]
    [InlineData(400, false)]
    [InlineData(409, false)]
    [InlineData(412, false)]
    public void IsOutage_RequestFailedWithStatus_OnlyWhenStorageDidNotAnswer(int status, bool outage)
    {
        var failure = new RequestFailedException(status, "storage");

        Assert.Equal(outage, StorageOutage.IsOutage(failure));
        Assert.Equal(outage, StorageOutage.IsOutage(new AggregateException("Retry failed after 6 tries.", failure, failure)));
        Assert.Equal(outage, StorageOutage.IsOutage(new InvalidOperationException("wrapped", failure)));
    }

    [Fact]
    public void IsOutage_OtherFailures_ConnectionsAndTimeoutsOnly()
    {
        Assert.True(StorageOutage.IsOutage(new HttpRequestException("Connection refused (127.0.0.1:10000)")));
        Assert.True(StorageOutage.IsOutage(new TimeoutException()));
        Assert.False(StorageOutage.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(StorageOutage.IsOutage(new AggregateException(new HttpRequestException("refused"), new InvalidOperationException("a bug"))));
        Assert.False(StorageOutage.IsOutage(null));
    }

    /// <summary>Locks a work item and starts its completion, which storage (down) does not answer; returns once it waits.</summary>
    private static async Task<Task> CompletionWaitingForStorageAsync(ActivityLockRenewal renewal)
    {
        var workItem = await renewal.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None);
        var completion = renewal.CompleteTaskActivityWorkItemAsync(workItem, Response(workItem));
        await Until(() => renewal.WaitingForStorage == 1);
        return completion;
    }

    private static ActivityLockRenewal Create(FakeEngine engine) =>
        new(engine, "worker-test", renew: true, NullLogger<ActivityLockRenewal>.Instance)
        {
            OutageBackoff = _ => TimeSpan.FromMilliseconds(20),
            FetchHoldPoll = TimeSpan.FromMilliseconds(10),
        };

    private static AggregateException Unreachable() =>
        new("Retry failed after 6 tries.", new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused")));

    private static TaskMessage Response(TaskActivityWorkItem workItem) =>
        new() { Event = new TaskCompletedEvent(-1, 4, "null"), OrchestrationInstance = workItem.TaskMessage.OrchestrationInstance };

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }

    /// <summary>The engine's activity calls, failing as told; everything else is not used by these tests.</summary>
    private sealed class FakeEngine : IOrchestrationService
    {
        private readonly object _gate = new();
        private int _lockCalls;
        private int _renewCalls;

        public List<Exception> CompleteFailures { get; } = [];

        public List<Exception> AbandonFailures { get; } = [];

        /// <summary>While set, every completion and abandon fails as when storage does not answer.</summary>
        public bool Down { get; set; }

        public int CompleteCalls { get; private set; }

        public int AbandonCalls { get; private set; }

        public int LockCalls => Volatile.Read(ref _lockCalls);

        public int RenewCalls => Volatile.Read(ref _renewCalls);

        public int TaskOrchestrationDispatcherCount => 1;

        public int MaxConcurrentTaskOrchestrationWorkItems => 10;

        public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

        public int TaskActivityDispatcherCount => 1;

        public int MaxConcurrentTaskActivityWorkItems => 10;

        public void StorageBack()
        {
            lock (_gate)
            {
                Down = false;
            }
        }

        public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _lockCalls);
            return Task.FromResult(new TaskActivityWorkItem
            {
                Id = $"message-{n}",
                LockedUntilUtc = DateTime.UtcNow.AddSeconds(30),
                TaskMessage = new TaskMessage
                {
                    Event = new TaskScheduledEvent(4, "ExecuteAction"),
                    OrchestrationInstance = new OrchestrationInstance { InstanceId = "actionplan-test", ExecutionId = "1" },
                },
            });
        }

        public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
        {
            Interlocked.Increment(ref _renewCalls);
            return Task.FromResult(workItem);
        }

        public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        {
            lock (_gate)
            {
                CompleteCalls++;
                return Down ? Task.FromException(Unreachable()) : Next(CompleteFailures);
            }
        }

        public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
        {
            lock (_gate)
            {
                AbandonCalls++;
                return Down ? Task.FromException(Unreachable()) : Next(AbandonFailures);
            }
        }

        public Task StartAsync() => Task.CompletedTask;

        public Task StopAsync() => Task.CompletedTask;

        public Task StopAsync(bool isForced) => Task.CompletedTask;

        public Task CreateAsync() => throw new NotSupportedException();

        public Task CreateAsync(bool recreateInstanceStore) => throw new NotSupportedException();

        public Task CreateIfNotExistsAsync() => throw new NotSupportedException();

        public Task DeleteAsync() => throw new NotSupportedException();

        public Task DeleteAsync(bool deleteInstanceStore) => throw new NotSupportedException();

        public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

        public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

        public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;

        public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

        public Task CompleteTaskOrchestrationWorkItemAsync(
            TaskOrchestrationWorkItem workItem,
            OrchestrationRuntimeState newOrchestrationRuntimeState,
            IList<TaskMessage> outboundMessages,
            IList<TaskMessage> orchestratorMessages,
            IList<TaskMessage> timerMessages,
            TaskMessage continuedAsNewMessage,
            OrchestrationState orchestrationState) => throw new NotSupportedException();

        public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

        public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

        private static Task Next(List<Exception> failures)
        {
            if (failures.Count == 0)
            {
                return Task.CompletedTask;
            }

            var failure = failures[0];
            failures.RemoveAt(0);
            return Task.FromException(failure);
        }
    }
}
