using Microsoft.Extensions.Logging.Abstractions;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>
/// The watchdog notices a thread pool that runs work late. It blocks the pool on purpose, so it runs alone
/// (<see cref="PoolBlockingCollection"/>).
/// </summary>
[Collection(PoolBlockingCollection.Name)]
public sealed class ThreadPoolWatchdogTests
{
    [Fact]
    public async Task Watch_EveryPoolThreadBlocked_CountsALateProbe()
    {
        using var watchdog = new ThreadPoolWatchdog(NullLogger<ThreadPoolWatchdog>.Instance) { Interval = TimeSpan.FromMilliseconds(50), Threshold = TimeSpan.FromMilliseconds(200) };
        await watchdog.StartAsync(CancellationToken.None);
        try
        {
            // More blocking items than pool threads: the watchdog's probe queues behind them.
            using var release = new ManualResetEventSlim();
            var blockers = Enumerable.Range(0, ThreadPool.ThreadCount + 64).Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(1)), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (watchdog.LateProbes == 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            release.Set();
            await Task.WhenAll(blockers);
            Assert.True(watchdog.LateProbes > 0, "no late probe while every pool thread was blocked");
        }
        finally
        {
            await watchdog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Watch_IdlePool_CountsNoLateProbe()
    {
        using var watchdog = new ThreadPoolWatchdog(NullLogger<ThreadPoolWatchdog>.Instance) { Interval = TimeSpan.FromMilliseconds(20), Threshold = TimeSpan.FromSeconds(1) };
        await watchdog.StartAsync(CancellationToken.None);
        await Task.Delay(500);
        await watchdog.StopAsync(CancellationToken.None);

        Assert.Equal(0, watchdog.LateProbes);
    }
}
