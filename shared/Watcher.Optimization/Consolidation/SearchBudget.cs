namespace Watcher.Optimization.Consolidation;

/// <summary>The wall-clock budget of one strategy run, read through a <see cref="TimeProvider"/> so tests can fake it.</summary>
internal sealed class SearchBudget(TimeProvider time, double seconds)
{
    private readonly long _start = time.GetTimestamp();

    public double Seconds { get; } = seconds;

    public double Elapsed => time.GetElapsedTime(_start).TotalSeconds;

    public double Remaining => Math.Max(0, Seconds - Elapsed);
}
