namespace Watcher.Domain.Metrics;

/// <summary>
/// A series on a regular grid: <see cref="Values"/>[i] is the sample at <see cref="Start"/> + i × <see cref="Step"/>,
/// <see cref="double.NaN"/> where there is no data. The compact form history travels and is analysed in (one double per
/// sample instead of a timestamp-value pair).
/// </summary>
public sealed record RegularSeries(DateTimeOffset Start, TimeSpan Step, double[] Values)
{
    /// <summary>Number of samples.</summary>
    public int Count => Values.Length;

    /// <summary>The end of the grid (the time of the last sample).</summary>
    public DateTimeOffset End => Start + (Step * Math.Max(0, Values.Length - 1));

    /// <summary>The time of sample <paramref name="index"/>.</summary>
    public DateTimeOffset TimeAt(int index) => Start + (Step * index);
}
