using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// The small pieces of time-series analysis the history-based strategies need: an hour-of-week mean profile, gap
/// filling of a profile and the peak coincidence of two 168-hour profiles (<see cref="TimeSeriesAnalysis.PeakCoincidence"/>
/// compares two series on one grid; this compares weekly profiles, hour by hour, with the same chance-corrected score).
/// </summary>
internal static class WeeklyProfiles
{
    /// <summary>Hours in a week: index 0 is Monday 00:00–01:00 UTC.</summary>
    public const int Hours = 168;

    /// <summary>The hour-of-week index (0 = Monday 00:00 UTC) of a time.</summary>
    public static int HourOfWeek(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return ((((int)utc.DayOfWeek + 6) % 7) * 24) + utc.Hour;
    }

    /// <summary>Mean value per hour of week over the series' non-NaN samples; hours without samples are NaN.</summary>
    public static double[] HourOfWeekMean(RegularSeries series) => TimeSeriesAnalysis.HourOfWeekProfile(series);

    /// <summary>True when at least one hour has a value.</summary>
    public static bool HasData(double[] profile) => profile.Any(v => !double.IsNaN(v));

    /// <summary>A copy with NaN hours replaced by the mean of the known hours (0 when none is known), so sums stay finite.</summary>
    public static double[] FillGaps(double[] profile)
    {
        var known = profile.Where(v => !double.IsNaN(v)).ToList();
        var mean = known.Count == 0 ? 0 : known.Average();
        return [.. profile.Select(v => double.IsNaN(v) ? mean : v)];
    }

    /// <summary>
    /// Peak coincidence of two profiles on the same hours, 0–1: the share of hours in both top
    /// (100 − <paramref name="peakPercentile"/>) % sets beyond what chance would give, scaled so that identical peak hours
    /// score 1 and independent ones about 0. Flat profiles (no peak) score 0. NaN hours are ignored.
    /// </summary>
    public static double PeakCoincidence(double[] a, double[] b, double peakPercentile = 90)
    {
        var hours = Enumerable.Range(0, Math.Min(a.Length, b.Length)).Where(h => !double.IsNaN(a[h]) && !double.IsNaN(b[h])).ToList();
        if (hours.Count < 2)
        {
            return 0;
        }

        var topA = Top(a, hours, peakPercentile);
        var topB = Top(b, hours, peakPercentile);
        if (topA.Count == 0 || topB.Count == 0 || topA.Count == hours.Count || topB.Count == hours.Count)
        {
            return 0;
        }

        var overlap = topA.Count(topB.Contains);
        var expected = (double)topA.Count * topB.Count / hours.Count;
        var best = Math.Min(topA.Count, topB.Count);
        return best <= expected ? 0 : Math.Clamp((overlap - expected) / (best - expected), 0, 1);
    }

    /// <summary>The hours at or above the percentile of the given hours; when the percentile is the minimum, the hours above it (a flat profile has none).</summary>
    private static HashSet<int> Top(double[] profile, List<int> hours, double percentile)
    {
        var sorted = hours.Select(h => profile[h]).Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1);
        var cut = sorted[rank];
        var floor = sorted[0] + (1e-9 * Math.Max(1, Math.Abs(sorted[0])));

        // Fewer peak hours than the percentile asks for (a flat baseline with a short burst): the hours above the baseline.
        return cut <= floor ? [.. hours.Where(h => profile[h] > floor)] : [.. hours.Where(h => profile[h] >= cut)];
    }
}
