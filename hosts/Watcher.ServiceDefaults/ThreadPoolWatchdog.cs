using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Watcher.ServiceDefaults;

/// <summary>
/// Logs a warning when the process's thread pool runs a queued work item late (starvation: every pool thread blocked,
/// or the process starved of CPU). Such a stall looks from outside like storage or the API not answering, so the log
/// names it: how late, how many pool threads, how much work was queued. The measuring runs on a thread of its own,
/// which a starved pool cannot hold up. Written here because no served package reports pool lag to a logger
/// (the runtime's counters need a listener or an exporter to be read).
/// </summary>
public sealed partial class ThreadPoolWatchdog(ILogger<ThreadPoolWatchdog> logger) : IHostedService, IDisposable
{
    private readonly ManualResetEventSlim _stopping = new();
    private Thread? _thread;
    private int _lateProbes;

    /// <summary>How often a probe work item is queued.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How late a probe may run before it is logged.</summary>
    public TimeSpan Threshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Probes that ran later than <see cref="Threshold"/> since the start.</summary>
    public int LateProbes => Volatile.Read(ref _lateProbes);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "thread-pool-watchdog" };
        _thread.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    /// <summary>Stops the watching (a host disposed without being stopped). The stop event itself is left to the
    /// garbage collector: the watching thread may still be waiting on it, and a disposed event would throw there.</summary>
    public void Dispose() => _stopping.Set();

    private void Watch()
    {
        try
        {
            WatchUntilStopped();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ThreadInterruptedException)
        {
            // The process is going away; an exception on this thread would crash it.
        }
    }

    private void WatchUntilStopped()
    {
        var ran = new ManualResetEventSlim();
        while (!_stopping.Wait(Interval))
        {
            ran.Reset();
            var queuedAt = Stopwatch.GetTimestamp();
            long ranAt = 0;
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    Volatile.Write(ref ranAt, Stopwatch.GetTimestamp());
                    ran.Set();
                },
                null);
            if (ran.Wait(Threshold))
            {
                continue;
            }

            // Late: note how the pool looks now, then wait for the probe (or the stop) to say how late it was.
            var threads = ThreadPool.ThreadCount;
            var queued = ThreadPool.PendingWorkItemCount;
            while (!ran.Wait(TimeSpan.FromMilliseconds(200)))
            {
                if (_stopping.IsSet)
                {
                    return;
                }
            }

            // It did not run within the threshold, so it is late by what it waited.
            Interlocked.Increment(ref _lateProbes);
            LogLate(logger, Stopwatch.GetElapsedTime(queuedAt, Volatile.Read(ref ranAt)).TotalSeconds, threads, queued, Environment.ProcessorCount);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The thread pool ran a queued work item {Seconds:F1} s late ({Threads} pool threads, {Queued} work items waiting, {Cores} cores): every request and storage call of this process was held up as long")]
    private static partial void LogLate(ILogger logger, double seconds, int threads, long queued, int cores);
}
