namespace Watcher.Domain.Metrics.Analysis;

/// <summary>Peak coincidence of two series (see <see cref="TimeSeriesAnalysis.PeakCoincidence"/>).</summary>
internal static class PeakCoincidenceKernel
{
    public static double Compute(RegularSeries a, RegularSeries b, double peakPercentile)
    {
        if (peakPercentile is <= 0 or >= 100 || double.IsNaN(peakPercentile))
        {
            throw new ArgumentOutOfRangeException(nameof(peakPercentile), peakPercentile, "The peak percentile must be strictly between 0 and 100 (90: each series' top 10 %).");
        }

        if (a.Step != b.Step || a.Step <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Peak coincidence needs two series on the same grid; their steps differ ({a.Step} and {b.Step}).", nameof(b));
        }

        var offsetTicks = b.Start.UtcTicks - a.Start.UtcTicks;
        if (offsetTicks % a.Step.Ticks != 0)
        {
            throw new ArgumentException($"Peak coincidence needs two series on the same grid; their starts ({a.Start:O} and {b.Start:O}) are not a whole number of {a.Step} steps apart.", nameof(b));
        }

        // Index i of a is index i − shift of b.
        var shift = offsetTicks / a.Step.Ticks;
        var from = (int)Math.Clamp(shift, 0, a.Count);
        var to = (int)Math.Clamp(shift + b.Count, 0, a.Count);
        var length = Math.Max(0, to - from);
        var xa = new double[length];
        var xb = new double[length];
        var n = 0;
        for (var i = from; i < to; i++)
        {
            var va = a.Values[i];
            var vb = b.Values[i - shift];
            if (!double.IsNaN(va) && !double.IsNaN(vb))
            {
                xa[n] = va;
                xb[n] = vb;
                n++;
            }
        }

        if (n < 2)
        {
            return 0;
        }

        var ta = SeriesAnalysis.Percentile(xa.AsSpan(0, n).ToArray(), peakPercentile);
        var tb = SeriesAnalysis.Percentile(xb.AsSpan(0, n).ToArray(), peakPercentile);
        int peaksA = 0, peaksB = 0, both = 0;
        for (var i = 0; i < n; i++)
        {
            var pa = xa[i] >= ta;
            var pb = xb[i] >= tb;
            peaksA += pa ? 1 : 0;
            peaksB += pb ? 1 : 0;
            both += pa && pb ? 1 : 0;
        }

        double shareA = (double)peaksA / n, shareB = (double)peaksB / n, shareBoth = (double)both / n;
        var chance = shareA * shareB;
        var best = Math.Min(shareA, shareB) - chance;
        return best <= 1e-12 ? 0 : Math.Clamp((shareBoth - chance) / best, 0, 1);
    }
}
