using Watcher.Domain.Metrics;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Raw points onto a regular grid, averaging the points of each step, NaN where a step has none.
/// TODO(merge): TimeSeriesAnalysis.Resample — the analysis branch implements the same contract; switch to it once it lands.
/// </summary>
internal static class GridResample
{
    public static double[] Resample(IReadOnlyList<MetricPoint> points, DateTimeOffset start, TimeSpan step, int count)
    {
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
