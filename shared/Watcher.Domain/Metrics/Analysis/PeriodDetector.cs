using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// Period detection by autocorrelation, computed with one FFT pair (MathNet.Numerics) and normalised for gaps.
/// <list type="number">
/// <item>Steps shorter than an hour are averaged into hours first (periods are then found at hour resolution, from
/// 2 hours up); the series is detrended with a least-squares line.</item>
/// <item>The gap-aware autocorrelation r(k) = (Σ x_i x_{i+k} / pairs(k)) / (Σ x_i² / valid) comes from one complex
/// FFT of (x + i·mask): both autocorrelations (values and mask) fall out of one forward and one inverse transform.</item>
/// <item>A lag k is a period when r has a bump there: r(k) stands at least <see cref="MinProminence"/> above the mean of
/// r(k − k/4) and r(k + k/4), more than at the lags within ±5 % (so a slowly decaying autocorrelation is not read as
/// a period, and a daily bump is still seen on the slope of a strong weekly pattern's autocorrelation), the series
/// spans at least two of it, and r reaches the caller's minimum strength.</item>
/// <item>A multiple of a period already found (24 h → 48 h, 72 h …) is only reported when it correlates clearly better
/// (<see cref="HarmonicGain"/>): a weekly pattern on top of a daily one does, a pure daily cycle's 7-day lag does not.</item>
/// </list>
/// Strength is r at the period's lag, clamped to 0–1. White noise gives |r| ≈ 2/√n (under 0.1 for a month of hours).
/// </summary>
internal static class PeriodDetector
{
    public const double MinProminence = 0.1;

    public const double HarmonicGain = 0.1;

    [ThreadStatic]
    private static Complex[]? _buffer;

    public static IReadOnlyList<DetectedPeriod> Detect(RegularSeries series, double minStrength)
    {
        if (series.Count < 4 || series.Step <= TimeSpan.Zero)
        {
            return [];
        }

        var (x, step) = series.Step < TimeSpan.FromHours(1)
            ? (SeriesKernels.BinToHours(series.Values, series.Start, series.Step), TimeSpan.FromHours(1))
            : ((double[])series.Values.Clone(), series.Step);
        var r = Autocorrelation(x);
        if (r.Length == 0)
        {
            return [];
        }

        return Peaks(r, step, minStrength);
    }

    /// <summary>Gap-aware autocorrelation r(0 … n/2) of <paramref name="x"/> (modified: detrended in place); empty when it has too few samples or no variance.</summary>
    internal static double[] Autocorrelation(double[] x)
    {
        var n = x.Length;
        var valid = SeriesKernels.CountValid(x);
        if (valid < 8 || !SeriesKernels.FitLine(x, out var a, out var b))
        {
            return [];
        }

        double energy = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(x[i]))
            {
                x[i] -= a + (b * i);
                energy += x[i] * x[i];
            }
        }

        double scale = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsNaN(x[i]))
            {
                scale = Math.Max(scale, Math.Abs(x[i] + a + (b * i)));
            }
        }

        if (energy <= 1e-18 * Math.Max(1, scale * scale) * valid)
        {
            return [];
        }

        var size = 1;
        while (size < 2 * n)
        {
            size <<= 1;
        }

        var z = _buffer is { } cached && cached.Length == size ? cached : _buffer = new Complex[size];
        for (var i = 0; i < n; i++)
        {
            z[i] = double.IsNaN(x[i]) ? Complex.Zero : new Complex(x[i], 1);
        }

        z.AsSpan(n).Clear();
        Fourier.Forward(z, FourierOptions.NoScaling);

        // Split the spectra of the two real sequences: X_k = (Z_k + conj Z_{−k}) / 2, M_k = (Z_k − conj Z_{−k}) / 2i,
        // then |X|² + i·|M|² transforms back to (acf of x) + i·(acf of the mask).
        for (var k = 0; k <= size / 2; k++)
        {
            var j = (size - k) % size;
            var zk = z[k];
            var zj = Complex.Conjugate(z[j]);
            var sx = (zk + zj) * 0.5;
            var sm = (zk - zj) * 0.5;
            var power = new Complex((sx.Real * sx.Real) + (sx.Imaginary * sx.Imaginary), (sm.Real * sm.Real) + (sm.Imaginary * sm.Imaginary));
            z[k] = power;
            z[j] = power;
        }

        Fourier.Inverse(z, FourierOptions.NoScaling);
        var maxLag = n / 2;
        var r = new double[maxLag + 1];
        var variance = z[0].Real / z[0].Imaginary;
        var minPairs = Math.Max(4, valid / 4.0);
        for (var k = 0; k <= maxLag; k++)
        {
            var pairs = z[k].Imaginary / size;
            r[k] = pairs < minPairs ? double.NaN : z[k].Real / z[k].Imaginary / variance;
        }

        r[0] = 1;
        return r;
    }

    private static List<DetectedPeriod> Peaks(double[] r, TimeSpan step, double minStrength)
    {
        // Bump height of r at each lag over the straight line through r(k − k/4) and r(k + k/4): a daily bump stands
        // out even on the slope of a strong weekly pattern's autocorrelation, where r itself has no local maximum.
        var bump = new double[r.Length];
        for (var k = 0; k < r.Length; k++)
        {
            bump[k] = Bump(r, k);
        }

        var accepted = new List<int>();
        for (var k = 2; k < r.Length; k++)
        {
            var rk = r[k];
            if (double.IsNaN(rk) || rk < minStrength || bump[k] < MinProminence)
            {
                continue;
            }

            var window = Math.Max(1, (int)Math.Round(0.05 * k));
            var isMax = true;
            for (var j = Math.Max(2, k - window); isMax && j <= Math.Min(r.Length - 1, k + window); j++)
            {
                isMax = j == k || !(bump[j] > bump[k] || (bump[j] == bump[k] && j < k));
            }

            if (!isMax)
            {
                continue;
            }

            // The period is where r peaks inside the bump once the local slope (a longer period's decay) is taken out:
            // on a weekly pattern's slope r(23) can exceed r(24), and the bump's own maximum may sit a lag off.
            var h = Math.Max(1, k / 4);
            var slope = k + h < r.Length && !double.IsNaN(r[k + h]) ? (r[k + h] - r[k - h]) / (2 * h) : 0;
            var best = k;
            for (var j = Math.Max(2, k - window); j <= Math.Min(r.Length - 1, k + window); j++)
            {
                best = !double.IsNaN(r[j]) && r[j] - (slope * (j - k)) > r[best] - (slope * (best - k)) ? j : best;
            }

            if (!IsHarmonic(r, accepted, best))
            {
                accepted.Add(best);
            }
        }

        var result = new List<DetectedPeriod>(accepted.Count);
        foreach (var k in accepted)
        {
            result.Add(new DetectedPeriod(step * k, Math.Clamp(r[k], 0, 1)));
        }

        result.Sort((p, q) => q.Strength.CompareTo(p.Strength));
        return result;
    }

    /// <summary>r(k) minus the mean of r(k − h) and r(k + h), h = max(1, k/4) (one side where the other is out of range); −∞ when unknown.</summary>
    private static double Bump(double[] r, int k)
    {
        var h = Math.Max(1, k / 4);
        if (double.IsNaN(r[k]) || k - h < 0 || double.IsNaN(r[k - h]))
        {
            return double.NegativeInfinity;
        }

        var right = k + h < r.Length ? r[k + h] : double.NaN;
        return double.IsNaN(right) ? r[k] - r[k - h] : r[k] - ((r[k - h] + right) / 2);
    }

    /// <summary>Whether lag <paramref name="k"/> is (near) a multiple of an accepted period and does not correlate clearly better than it.</summary>
    private static bool IsHarmonic(double[] r, List<int> accepted, int k)
    {
        foreach (var p in accepted)
        {
            var multiple = (int)Math.Round((double)k / p);
            var tolerance = Math.Max(1, (int)(0.02 * k));
            if (multiple >= 1 && Math.Abs(k - (multiple * p)) <= tolerance && (multiple == 1 || r[k] < r[p] + HarmonicGain))
            {
                return true;
            }
        }

        return false;
    }
}
