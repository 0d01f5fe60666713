using Microsoft.Extensions.Logging.Abstractions;

namespace Watcher.LocalHost.Tests;

/// <summary>A failed tick of the local host's timers is retried on the next one, whatever it threw, while the host runs.</summary>
public sealed class PeriodicCheckTests
{
    [Fact]
    public async Task ExecuteAsync_TickCancelledByATimeoutBelow_KeepsTicking()
    {
        // A TaskCanceledException the host did not ask for (an HTTP client's or a storage read's timeout) used to escape
        // ExecuteAsync, and the host's BackgroundServiceExceptionBehavior stopped the whole process.
        using var check = new FailingCheck(new TaskCanceledException("The operation was canceled."));
        await check.StartAsync(CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (check.Ticks < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(check.Ticks >= 2, $"{check.Ticks} tick(s): the check stopped after its first failure");
        Assert.False(check.ExecuteTask!.IsCompleted);
        await check.StopAsync(CancellationToken.None);
        Assert.False(check.ExecuteTask.IsFaulted);
    }

    private sealed class FailingCheck(Exception failure) : PeriodicCheck(1, "test check", NullLogger.Instance)
    {
        private int _ticks;

        public int Ticks => Volatile.Read(ref _ticks);

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ticks);
            return Task.FromException(failure);
        }
    }
}
