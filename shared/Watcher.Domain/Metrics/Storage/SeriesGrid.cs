namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// Raw points onto a regular grid (the audit's chunks and the snapshot endpoint's series): the mean of the points in
/// each step [start + i × step, start + (i + 1) × step), NaN where a step has none.
/// </summary>
public static class SeriesGrid
{
    /// <summary>The grid end for "now": the last whole step boundary at or before <paramref name="now"/> (epoch-aligned).</summary>
    public static DateTimeOffset AlignedEnd(DateTimeOffset now, TimeSpan step)
    {
        var seconds = (long)step.TotalSeconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / seconds * seconds);
    }

    /// <summary>The mean of the points in each step, NaN where a step has none (<see cref="Analysis.TimeSeriesAnalysis.Resample"/>'s values).</summary>
    public static double[] Resample(IReadOnlyList<MetricPoint> points, DateTimeOffset start, TimeSpan step, int count) =>
        Analysis.TimeSeriesAnalysis.Resample(points, start, step, count).Values;
}
