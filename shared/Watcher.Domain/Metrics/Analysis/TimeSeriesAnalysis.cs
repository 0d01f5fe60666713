namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// The time-series analysis toolbox strategies and the API use (issue 8). Every method works on
/// <see cref="RegularSeries"/> arrays, treats NaN as "no sample" (gaps never poison a result), is safe to call from
/// many threads at once, and runs in O(n) or O(n log n): 10,000 series of a month at 5-minute steps are analysed in
/// seconds (see docs/benchmarks.md, "Time-series analysis"). Bad arguments throw <see cref="ArgumentException"/>
/// (or <see cref="ArgumentOutOfRangeException"/>); empty, all-NaN or short series never throw and give the results
/// documented on each method. See docs/time-series.md.
/// </summary>
public static class TimeSeriesAnalysis
{
    /// <summary>Samples the raw points onto the regular grid start + i × step (i &lt; count), averaging points that fall in one step; empty steps are NaN.</summary>
    /// <remarks>A point belongs to step i when start + i × step ≤ its time &lt; start + (i + 1) × step; points outside the grid and NaN values are ignored; the points need not be sorted.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive or <paramref name="count"/> is negative.</exception>
    public static RegularSeries Resample(IReadOnlyList<MetricPoint> points, DateTimeOffset start, TimeSpan step, int count)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sum = new double[count];
        var samples = new int[count];
        var origin = start.UtcTicks;
        for (var p = 0; p < points.Count; p++)
        {
            var point = points[p];
            var offset = point.At.UtcTicks - origin;
            if (offset < 0 || double.IsNaN(point.Value))
            {
                continue;
            }

            var i = offset / step.Ticks;
            if (i < count)
            {
                sum[i] += point.Value;
                samples[i]++;
            }
        }

        for (var i = 0; i < count; i++)
        {
            sum[i] = samples[i] == 0 ? double.NaN : sum[i] / samples[i];
        }

        return new RegularSeries(start, step, sum);
    }

    /// <summary>Fills NaN gaps by linear interpolation (edges: nearest value); gaps longer than <paramref name="maxGapSteps"/> are filled from the series' seasonal profile when one is known, else interpolated.</summary>
    /// <remarks>
    /// The seasonal profile is the hour-of-week profile when the series spans at least two weeks, else the hour-of-day
    /// profile when it spans two days, else none; an hour the profile has no sample for is interpolated. A series with
    /// no valid sample is returned unchanged (all NaN). The input is not modified.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxGapSteps"/> is negative.</exception>
    public static RegularSeries FillGaps(RegularSeries series, int maxGapSteps = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGapSteps);
        var values = (double[])series.Values.Clone();
        SeriesKernels.Interpolate(values, maxGapSteps);
        if (maxGapSteps == int.MaxValue || SeriesKernels.CountValid(values) == values.Length)
        {
            return series with { Values = values };
        }

        var span = series.Step * series.Count;
        var buckets = span >= TimeSpan.FromDays(14) ? SeriesKernels.HoursPerWeek : span >= TimeSpan.FromDays(2) ? 24 : 0;
        if (buckets > 0 && series.Step > TimeSpan.Zero)
        {
            var profile = SeriesKernels.HourProfile(series.Values, series.Start, series.Step, buckets);
            var t = SeriesKernels.TicksIntoWeek(series.Start);
            for (var i = 0; i < values.Length; i++, t += series.Step.Ticks)
            {
                if (double.IsNaN(values[i]))
                {
                    values[i] = profile[(int)(t / TimeSpan.TicksPerHour % buckets)];
                }
            }
        }

        SeriesKernels.Interpolate(values);
        return series with { Values = values };
    }

    /// <summary>Mean value per hour of week (index 0 = Monday 00:00–01:00 UTC … 167); hours without samples are NaN.</summary>
    /// <remarks>Each sample counts in the hour its own time falls in, so a grid that does not start on the hour is handled; an empty or all-NaN series gives 168 NaN.</remarks>
    public static double[] HourOfWeekProfile(RegularSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return SeriesKernels.HourProfile(series.Values, series.Start, series.Step, SeriesKernels.HoursPerWeek);
    }

    /// <summary>The periods found (strongest first), only those whose strength is at least <paramref name="minStrength"/>.</summary>
    /// <remarks>
    /// Autocorrelation via FFT (see <see cref="PeriodDetector"/>): strength is the gap-aware autocorrelation at the
    /// period's lag (0–1). Steps under an hour are averaged into hours first, so periods are found from 2 hours (or two
    /// steps) up to half the series' span. Empty, constant, all-NaN or very short series (under 8 valid samples after
    /// binning) give an empty list.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minStrength"/> is not within 0–1.</exception>
    public static IReadOnlyList<DetectedPeriod> DetectPeriods(RegularSeries series, double minStrength = 0.3)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (minStrength is < 0 or > 1 || double.IsNaN(minStrength))
        {
            throw new ArgumentOutOfRangeException(nameof(minStrength), minStrength, "The minimum strength is an autocorrelation between 0 and 1.");
        }

        return PeriodDetector.Detect(series, minStrength);
    }

    /// <summary>MSTL-style decomposition with the given periods (default: daily and weekly where the series spans at least two of each).</summary>
    /// <remarks>
    /// See <see cref="SeasonalDecomposer"/>. value = trend + Σ seasonal + residual holds for every sample (up to
    /// rounding); where the value is NaN the residual is NaN and trend and seasonal are the fit through the gap. An
    /// empty series gives empty arrays; an all-NaN one NaN everywhere; a series too short for the default periods gets
    /// none (trend and residual only).
    /// </remarks>
    /// <exception cref="ArgumentException">A requested period is shorter than two steps, or the series spans fewer than two of it.</exception>
    public static Decomposition Decompose(RegularSeries series, IReadOnlyList<TimeSpan>? periods = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        return SeasonalDecomposer.Decompose(series, periods);
    }

    /// <summary>Peak coincidence of two series on the same grid, 0–1: how often both are in their own top (100 − <paramref name="peakPercentile"/>) % at the same time, relative to the chance of that.</summary>
    /// <remarks>
    /// Over the samples where both series have a value, each series' peaks are its samples at or above its own
    /// <paramref name="peakPercentile"/>-th percentile. With p_a and p_b the shares of peak samples and p_ab the share
    /// where both peak, the result is (p_ab − p_a·p_b) / (min(p_a, p_b) − p_a·p_b), clamped to 0–1: 1 when every peak
    /// of the rarer-peaking series falls on a peak of the other, 0 when they coincide no more than chance (independent
    /// series) or less (anti-phase). Series that overlap in fewer than two samples, or where one has no distinct peak
    /// (constant), give 0. The grids may start at different times when they are offset by whole steps.
    /// </remarks>
    /// <exception cref="ArgumentException">The series have different steps, or their starts are not a whole number of steps apart.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peakPercentile"/> is not strictly between 0 and 100.</exception>
    public static double PeakCoincidence(RegularSeries a, RegularSeries b, double peakPercentile = 90)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return PeakCoincidenceKernel.Compute(a, b, peakPercentile);
    }

    /// <summary>Forecast of the next <paramref name="horizon"/> at the series' step: seasonal profile plus trend.</summary>
    /// <remarks>
    /// See <see cref="SeasonalForecaster"/>: linear trend plus the hour-of-week (or hour-of-day) profile, an error
    /// estimate from a hold-out back-test and a 95 % band. The forecast starts one step after the series' last sample
    /// and has ⌈horizon / step⌉ samples. An all-NaN or empty series forecasts NaN with a NaN error; one valid sample
    /// forecasts that value with a NaN error.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> or the series' step is not positive.</exception>
    public static Forecast Forecast(RegularSeries series, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        if (series.Step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(series), series.Step, "The series' step must be positive.");
        }

        return SeasonalForecaster.Forecast(series, horizon);
    }
}
