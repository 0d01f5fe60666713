namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// The time-series analysis toolbox strategies and the API use. SIGNATURES FIXED for parallel work (issue 8);
/// the analysis owner implements the bodies (and may add overloads).
/// </summary>
public static class TimeSeriesAnalysis
{
    /// <summary>Samples the raw points onto the regular grid start + i × step (i &lt; count), averaging points that fall in one step; empty steps are NaN.</summary>
    public static RegularSeries Resample(IReadOnlyList<MetricPoint> points, DateTimeOffset start, TimeSpan step, int count) => throw new NotImplementedException();

    /// <summary>Fills NaN gaps by linear interpolation (edges: nearest value); gaps longer than <paramref name="maxGapSteps"/> are filled from the series' seasonal profile when one is known, else interpolated.</summary>
    public static RegularSeries FillGaps(RegularSeries series, int maxGapSteps = int.MaxValue) => throw new NotImplementedException();

    /// <summary>Mean value per hour of week (index 0 = Monday 00:00–01:00 UTC … 167); hours without samples are NaN.</summary>
    public static double[] HourOfWeekProfile(RegularSeries series) => throw new NotImplementedException();

    /// <summary>The periods found (strongest first), only those whose strength is at least <paramref name="minStrength"/>.</summary>
    public static IReadOnlyList<DetectedPeriod> DetectPeriods(RegularSeries series, double minStrength = 0.3) => throw new NotImplementedException();

    /// <summary>MSTL-style decomposition with the given periods (default: daily and weekly where the series spans at least two of each).</summary>
    public static Decomposition Decompose(RegularSeries series, IReadOnlyList<TimeSpan>? periods = null) => throw new NotImplementedException();

    /// <summary>Peak coincidence of two series on the same grid, 0–1: how often both are in their own top (100 − <paramref name="peakPercentile"/>) % at the same time, relative to the chance of that.</summary>
    public static double PeakCoincidence(RegularSeries a, RegularSeries b, double peakPercentile = 90) => throw new NotImplementedException();

    /// <summary>Forecast of the next <paramref name="horizon"/> at the series' step: seasonal profile plus trend.</summary>
    public static Forecast Forecast(RegularSeries series, TimeSpan horizon) => throw new NotImplementedException();
}
