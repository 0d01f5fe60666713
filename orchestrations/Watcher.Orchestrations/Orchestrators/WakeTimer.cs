using Microsoft.DurableTask;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// The one durable timer a plan orchestration waits on while its window is closed or its hourly budget is used: set
/// to a new time, it cancels the previous timer; set to the same time, it keeps it (so replays create the same timers).
/// </summary>
internal sealed class WakeTimer(TaskOrchestrationContext context)
{
    private CancellationTokenSource? _cancel;
    private DateTimeOffset? _at;

    /// <summary>The pending timer, or null when none is set.</summary>
    public Task? Task { get; private set; }

    /// <summary>Waits until <paramref name="at"/>, or for nothing when null.</summary>
    public void Set(DateTimeOffset? at)
    {
        if (at == _at)
        {
            return;
        }

        _cancel?.Cancel();
        Fired();
        if (at is { } when)
        {
            _at = when;
            _cancel = new CancellationTokenSource();
            Task = context.CreateTimer(when.UtcDateTime, _cancel.Token);
        }
    }

    /// <summary>Forgets the timer once it fired.</summary>
    public void Fired()
    {
        _cancel?.Dispose();
        _cancel = null;
        _at = null;
        Task = null;
    }
}
