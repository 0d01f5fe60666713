namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// One series in a snapshot's <c>series</c> section: <c>{"start": ISO time, "step_seconds": n, "values": [number or null, ...]}</c>;
/// <c>values[i]</c> is the sample at start + i × step, null where there is no data.
/// </summary>
public sealed record SnapshotSeriesEntry(DateTimeOffset Start, long StepSeconds, IReadOnlyList<double?> Values)
{
    /// <summary>The entry of a regular series (NaN becomes null).</summary>
    public static SnapshotSeriesEntry From(RegularSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new(series.Start, (long)series.Step.TotalSeconds, [.. series.Values.Select(v => double.IsNaN(v) ? (double?)null : v)]);
    }

    /// <summary>The regular series (null becomes NaN).</summary>
    public RegularSeries ToSeries() => new(Start, TimeSpan.FromSeconds(StepSeconds), [.. Values.Select(v => v ?? double.NaN)]);
}
