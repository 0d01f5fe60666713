namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// MSTL-style decomposition (Bandara, Hyndman &amp; Bergmeir 2021), with moving averages in place of STL's LOESS:
/// <list type="number">
/// <item>Gaps are interpolated for the fit (the residual stays NaN where the value is NaN).</item>
/// <item>For each period, shortest first, twice over: remove the other seasonal parts, take the centered moving average
/// over one period as the trend, and the mean per phase of what is left (centered to zero, lightly smoothed for long
/// periods) as this period's seasonal part.</item>
/// <item>The trend is the centered moving average, over the longest period, of the deseasonalised series.</item>
/// <item>Robustness: samples whose residual is more than 5 scaled MADs out are interpolated from their clean neighbours and the
/// fit is redone (up to 4 rounds, until the replaced set settles), so an incident does not leak into the seasonal profiles.</item>
/// <item>The residual is value − trend − Σ seasonal, so the identity holds by construction.</item>
/// </list>
/// Hand-written: no served .NET library implements STL/MSTL.
/// </summary>
internal static class SeasonalDecomposer
{
    private const int Passes = 2;

    private const double OutlierMads = 5;

    private const int RobustRounds = 4;

    public static Decomposition Decompose(RegularSeries series, IReadOnlyList<TimeSpan>? requested)
    {
        var n = series.Count;
        var periods = Periods(series, requested);
        var lags = new int[periods.Count];
        for (var j = 0; j < lags.Length; j++)
        {
            lags[j] = (int)Math.Round(periods[j] / series.Step);
        }

        var x = (double[])series.Values.Clone();
        SeriesKernels.Interpolate(x);
        var seasonal = new double[lags.Length][];
        for (var j = 0; j < lags.Length; j++)
        {
            seasonal[j] = new double[n];
        }

        double[] trend;
        if (n == 0 || double.IsNaN(x[0]))
        {
            // Empty or no valid sample: nothing to fit.
            trend = new double[n];
            Array.Fill(trend, double.NaN);
            foreach (var s in seasonal)
            {
                Array.Fill(s, double.NaN);
            }
        }
        else
        {
            var trendWindow = lags.Length > 0 ? lags[^1] : Math.Max(3, (n / 10) | 1);
            var interpolated = (double[])x.Clone();
            var outliers = new bool[n];
            trend = Fit(x, lags, seasonal, trendWindow);
            for (var round = 0; round < RobustRounds && ReplaceOutliers(interpolated, x, outliers, trend, seasonal); round++)
            {
                trend = Fit(x, lags, seasonal, trendWindow);
            }
        }

        var residual = new double[n];
        var values = series.Values;
        for (var i = 0; i < n; i++)
        {
            var fitted = trend[i];
            for (var j = 0; j < seasonal.Length; j++)
            {
                fitted += seasonal[j][i];
            }

            residual[i] = values[i] - fitted;
        }

        return new Decomposition(periods, trend, seasonal, residual);
    }

    /// <summary>The periods to extract, shortest first; the default is daily and weekly where the series spans two of each.</summary>
    private static List<TimeSpan> Periods(RegularSeries series, IReadOnlyList<TimeSpan>? requested)
    {
        var span = series.Step * series.Count;
        var result = new List<TimeSpan>();
        if (requested is null)
        {
            foreach (var candidate in (ReadOnlySpan<TimeSpan>)[TimeSpan.FromDays(1), TimeSpan.FromDays(7)])
            {
                if (series.Step > TimeSpan.Zero && candidate >= series.Step * 2 && span >= candidate * 2)
                {
                    result.Add(candidate);
                }
            }

            return result;
        }

        foreach (var period in requested)
        {
            if (series.Step <= TimeSpan.Zero || period < series.Step * 2)
            {
                throw new ArgumentException($"Period {period} is shorter than two steps of {series.Step}; a seasonal part needs at least two samples per cycle.", nameof(requested));
            }

            if (span < period * 2)
            {
                throw new ArgumentException($"Period {period} needs a series spanning at least two cycles; this one spans {span}.", nameof(requested));
            }

            result.Add(period);
        }

        result.Sort();
        return result;
    }

    private static double[] Fit(double[] x, int[] lags, double[][] seasonal, int trendWindow)
    {
        var n = x.Length;
        var work = new double[n];
        for (var pass = 0; pass < Passes; pass++)
        {
            for (var j = 0; j < lags.Length; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    var v = x[i];
                    for (var o = 0; o < lags.Length; o++)
                    {
                        if (o != j)
                        {
                            v -= seasonal[o][i];
                        }
                    }

                    work[i] = v;
                }

                var trend = SeriesKernels.CenteredMovingAverage(work, lags[j]);
                for (var i = 0; i < n; i++)
                {
                    work[i] -= trend[i];
                }

                PhaseMeans(work, lags[j], seasonal[j]);
            }
        }

        for (var i = 0; i < n; i++)
        {
            var v = x[i];
            for (var j = 0; j < lags.Length; j++)
            {
                v -= seasonal[j][i];
            }

            work[i] = v;
        }

        return SeriesKernels.CenteredMovingAverage(work, trendWindow);
    }

    /// <summary>Writes, for every sample, the zero-centered mean of its phase (index mod <paramref name="lag"/>), smoothed over about 1/168 of the cycle for long periods.</summary>
    private static void PhaseMeans(ReadOnlySpan<double> detrended, int lag, double[] target)
    {
        var sum = new double[lag];
        var count = new int[lag];
        for (var i = 0; i < detrended.Length; i++)
        {
            sum[i % lag] += detrended[i];
            count[i % lag]++;
        }

        double mean = 0;
        for (var p = 0; p < lag; p++)
        {
            sum[p] /= Math.Max(1, count[p]);
            mean += sum[p];
        }

        mean /= lag;
        for (var p = 0; p < lag; p++)
        {
            sum[p] -= mean;
        }

        var window = (lag / SeriesKernels.HoursPerWeek) | 1;
        var profile = window > 1 ? SeriesKernels.CircularSmooth(sum, window) : sum;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = profile[i % lag];
        }
    }

    /// <summary>
    /// Sets <paramref name="x"/> to <paramref name="original"/> except where a sample is more than
    /// <see cref="OutlierMads"/> scaled MADs from the current fit: those are interpolated from their clean neighbours
    /// (not set to the fit, which the outlier itself pulled). True when the set of such samples changed, so another fit
    /// is worth it.
    /// </summary>
    private static bool ReplaceOutliers(double[] original, double[] x, bool[] outliers, double[] trend, double[][] seasonal)
    {
        var n = x.Length;
        var deviation = new double[n];
        for (var i = 0; i < n; i++)
        {
            var f = trend[i];
            foreach (var s in seasonal)
            {
                f += s[i];
            }

            deviation[i] = Math.Abs(original[i] - f);
        }

        var sorted = (double[])deviation.Clone();
        Array.Sort(sorted);
        var limit = OutlierMads * 1.4826 * sorted[n / 2];
        if (limit <= 0)
        {
            return false;
        }

        var changed = false;
        for (var i = 0; i < n; i++)
        {
            var isOutlier = deviation[i] > limit;
            changed |= isOutlier != outliers[i];
            outliers[i] = isOutlier;
            x[i] = isOutlier ? double.NaN : original[i];
        }

        SeriesKernels.Interpolate(x);
        return changed;
    }
}
