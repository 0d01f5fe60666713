namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// Raw points onto a regular grid (the audit's chunks and the snapshot endpoint's series): the mean of the points in
/// each step [start + i × step, start + (i + 1) × step), NaN where a step has none.
/// TODO(merge): TimeSeriesAnalysis.Resample — the analysis branch implements the same contract; delegate to it once it lands.
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

    public static double[] Resample(IReadOnlyList<MetricPoint> points, DateTimeOffset start, TimeSpan step, int count)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sums = new double[count];
        var counts = new int[count];
        foreach (var point in points)
        {
            if (point.At < start || double.IsNaN(point.Value))
            {
                continue;
            }

            var index = (point.At - start).Ticks / step.Ticks;
            if (index < count)
            {
                sums[index] += point.Value;
                counts[index]++;
            }
        }

        for (var i = 0; i < count; i++)
        {
            sums[i] = counts[i] == 0 ? double.NaN : sums[i] / counts[i];
        }

        return sums;
    }
}
