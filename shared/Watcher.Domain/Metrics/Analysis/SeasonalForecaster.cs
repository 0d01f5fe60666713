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
        var values = new double[steps];
        var start = n == 0 ? series.Start : series.End + series.Step;
        var full = Model.Fit(series.Values, series.Start, series.Step);
        full.Predict(n, start, values);

        var error = BackTestError(series, steps);
        if (double.IsNaN(error))
        {
            error = full.InSampleRmse(series.Values, series.Start);
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

    private static double BackTestError(RegularSeries series, int horizonSteps)
    {
        var n = series.Count;
        var held = Math.Min(horizonSteps, n / 4);
        if (held < 1 || SeriesKernels.CountValid(series.Values.AsSpan(0, n - held)) < 2)
        {
            return double.NaN;
        }

        var model = Model.Fit(series.Values.AsSpan(0, n - held), series.Start, series.Step);
        var predicted = new double[held];
        model.Predict(n - held, series.TimeAt(n - held), predicted);
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

    /// <summary>A fitted trend line (per sample index) and hour profile.</summary>
    private sealed class Model
    {
        private double _intercept;
        private double _slope;
        private double[]? _profile;
        private TimeSpan _step;

        public static Model Fit(ReadOnlySpan<double> values, DateTimeOffset start, TimeSpan step)
        {
            var model = new Model { _step = step };
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

            var work = new double[values.Length];
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    work[i] = values[i] - (model._intercept + (model._slope * i));
                }

                model._profile = SeriesKernels.HourProfile(work, start, step, buckets);
                Center(model._profile);
                for (var i = 0; i < values.Length; i++)
                {
                    work[i] = values[i] - model.Seasonal(start, i);
                }

                SeriesKernels.FitLine(work, out model._intercept, out model._slope);
            }

            return model;
        }

        /// <summary>Predictions for sample indexes <paramref name="firstIndex"/> … (the first at <paramref name="firstTime"/>).</summary>
        public void Predict(int firstIndex, DateTimeOffset firstTime, Span<double> target)
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = _intercept + (_slope * (firstIndex + i)) + Seasonal(firstTime, i);
            }
        }

        public double InSampleRmse(ReadOnlySpan<double> values, DateTimeOffset start)
        {
            double sum = 0;
            var count = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i]))
                {
                    var e = values[i] - (_intercept + (_slope * i) + Seasonal(start, i));
                    sum += e * e;
                    count++;
                }
            }

            return count < 2 ? double.NaN : Math.Sqrt(sum / count);
        }

        private double Seasonal(DateTimeOffset origin, int offset)
        {
            if (_profile is null)
            {
                return 0;
            }

            var hour = (int)((SeriesKernels.TicksIntoWeek(origin) + (_step.Ticks * offset)) / TimeSpan.TicksPerHour % _profile.Length);
            var v = _profile[hour];
            return double.IsNaN(v) ? 0 : v;
        }

        private static void Center(double[] profile)
        {
            double sum = 0;
            var count = 0;
            foreach (var v in profile)
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    count++;
                }
            }

            if (count > 0)
            {
                for (var i = 0; i < profile.Length; i++)
                {
                    profile[i] -= sum / count;
                }
            }
        }
    }
}
