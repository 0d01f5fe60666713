namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// Seasonal-naive-with-drift forecast: a least-squares linear trend plus a profile of the detrended values per hour of
/// week (when the fitted part spans two weeks), per hour of day (two days) or none, fitted jointly by two alternating
/// passes. The error estimate is the RMSE of the same model fitted without the last
/// min(horizon, a quarter of the series) samples and scored on them (a hold-out back-test); when that cannot be
/// scored (no valid sample held out, or too few left to fit) it is the in-sample RMSE, and NaN with fewer than two
/// valid samples. The band is ± 1.96 × the error estimate (95 % for normal errors).
/// </summary>
internal static class SeasonalForecaster
{
    private const double Z95 = 1.959964;

    public static Forecast Forecast(RegularSeries series, TimeSpan horizon)
    {
        var steps = (int)Math.Ceiling(horizon / series.Step);
        var n = series.Count;
        var start = n == 0 ? series.Start : series.End + series.Step;

        // Hour of week of every sample, history then horizon, computed once for every fit below.
        var hours = new byte[n + steps];
        SeriesKernels.HoursOfWeek(series.Start, series.Step, hours);
        var values = new double[steps];
        var full = Model.Fit(series.Values, hours, series.Step);
        full.Predict(n, hours.AsSpan(n), values);

        var error = BackTestError(series, hours, steps);
        if (double.IsNaN(error))
        {
            error = full.InSampleRmse(series.Values, hours);
        }

        var lower = new double[steps];
        var upper = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            lower[i] = values[i] - (Z95 * error);
            upper[i] = values[i] + (Z95 * error);
        }

        return new Forecast(new RegularSeries(start, series.Step, values), error, lower, upper);
    }

    private static double BackTestError(RegularSeries series, byte[] hours, int horizonSteps)
    {
        var n = series.Count;
        var held = Math.Min(horizonSteps, n / 4);
        if (held < 1 || SeriesKernels.CountValid(series.Values.AsSpan(0, n - held)) < 2)
        {
            return double.NaN;
        }

        var model = Model.Fit(series.Values.AsSpan(0, n - held), hours, series.Step);
        var predicted = new double[held];
        model.Predict(n - held, hours.AsSpan(n - held), predicted);
        double sum = 0;
        var count = 0;
        for (var i = 0; i < held; i++)
        {
            var actual = series.Values[n - held + i];
            if (!double.IsNaN(actual))
            {
                var e = actual - predicted[i];
                sum += e * e;
                count++;
            }
        }

        return count == 0 ? double.NaN : Math.Sqrt(sum / count);
    }

    /// <summary>A fitted trend line (per sample index) and hour profile (per hour of week, or of day).</summary>
    private sealed class Model
    {
        private double _intercept;
        private double _slope;
        private double[]? _profile;

        /// <summary>Fits <paramref name="values"/>; <paramref name="hours"/>[i] is the hour of week of sample i (it may be longer than the values).</summary>
        public static Model Fit(ReadOnlySpan<double> values, ReadOnlySpan<byte> hours, TimeSpan step)
        {
            var model = new Model();
            if (!SeriesKernels.FitLine(values, out model._intercept, out model._slope))
            {
                return model;
            }

            var span = step * values.Length;
            var buckets = span >= TimeSpan.FromDays(14) ? SeriesKernels.HoursPerWeek : span >= TimeSpan.FromDays(2) ? 24 : 0;
            if (buckets == 0 || step >= TimeSpan.FromDays(1) * (buckets / 24))
            {
                return model;
            }

            var sum = new double[buckets];
            var count = new int[buckets];
            for (var pass = 0; pass < 2; pass++)
            {
                sum.AsSpan().Clear();
                count.AsSpan().Clear();
                for (var i = 0; i < values.Length; i++)
                {
                    var v = values[i];
                    if (!double.IsNaN(v))
                    {
                        var b = buckets == SeriesKernels.HoursPerWeek ? hours[i] : hours[i] % 24;
                        sum[b] += v - (model._intercept + (model._slope * i));
                        count[b]++;
                    }
                }

                model._profile = Centered(sum, count);
                model.FitTrendWithoutSeason(values, hours);
            }

            return model;
        }

        /// <summary>Least-squares line through values − seasonal (valid samples only), without a temporary array.</summary>
        private void FitTrendWithoutSeason(ReadOnlySpan<double> values, ReadOnlySpan<byte> hours)
        {
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (double.IsNaN(v))
                {
                    continue;
                }

                v -= Seasonal(hours[i]);
                n++;
                sx += i;
                sy += v;
                sxx += (double)i * i;
                sxy += i * v;
            }

            var denominator = (n * sxx) - (sx * sx);
            _slope = n < 2 || denominator == 0 ? 0 : ((n * sxy) - (sx * sy)) / denominator;
            _intercept = (sy - (_slope * sx)) / n;
        }

        /// <summary>Predictions for sample indexes <paramref name="firstIndex"/> …, whose hours of week are <paramref name="hours"/>.</summary>
        public void Predict(int firstIndex, ReadOnlySpan<byte> hours, Span<double> target)
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = _intercept + (_slope * (firstIndex + i)) + Seasonal(hours[i]);
            }
        }

        public double InSampleRmse(ReadOnlySpan<double> values, ReadOnlySpan<byte> hours)
        {
            double sum = 0;
            var count = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i]))
                {
                    var e = values[i] - (_intercept + (_slope * i) + Seasonal(hours[i]));
                    sum += e * e;
                    count++;
                }
            }

            return count < 2 ? double.NaN : Math.Sqrt(sum / count);
        }

        private double Seasonal(byte hourOfWeek)
        {
            if (_profile is null)
            {
                return 0;
            }

            var v = _profile[_profile.Length == SeriesKernels.HoursPerWeek ? hourOfWeek : hourOfWeek % _profile.Length];
            return double.IsNaN(v) ? 0 : v;
        }

        /// <summary>Mean per bucket minus the mean of the buckets (NaN where a bucket has no sample).</summary>
        private static double[] Centered(double[] sum, int[] count)
        {
            var profile = new double[sum.Length];
            double total = 0;
            var filled = 0;
            for (var b = 0; b < sum.Length; b++)
            {
                profile[b] = count[b] == 0 ? double.NaN : sum[b] / count[b];
                if (count[b] > 0)
                {
                    total += profile[b];
                    filled++;
                }
            }

            for (var b = 0; filled > 0 && b < profile.Length; b++)
            {
                profile[b] -= total / filled;
            }

            return profile;
        }
    }
}
