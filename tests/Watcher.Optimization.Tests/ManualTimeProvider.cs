namespace Watcher.Optimization.Tests;

/// <summary>A clock that jumps forward by a fixed step on every read, to exhaust a time budget deterministically.</summary>
public sealed class ManualTimeProvider(TimeSpan stepPerRead) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        _ticks += stepPerRead.Ticks;
        return _ticks;
    }
}
