namespace Watcher.Domain.Metrics.Analysis;

/// <summary>
/// Array kernels shared by the analysis methods: hour-of-week bucketing, binning to hours, linear fits, gap-aware
/// moving averages and interpolation. Spans and plain loops only (no LINQ), NaN = no sample.
/// </summary>
internal static class SeriesKernels
{
    public const int HoursPerWeek = 168;

    /// <summary>Ticks of Monday 2001-01-01 00:00 UTC, the origin of hour-of-week indexes.</summary>
    private static readonly long MondayOrigin = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private const long WeekTicks = TimeSpan.TicksPerDay * 7;

    /// <summary>Ticks since the last Monday 00:00 UTC at or before <paramref name="at"/> (0 ≤ result &lt; one week).</summary>
    public static long TicksIntoWeek(DateTimeOffset at)
    {
        var offset = (at.UtcTicks - MondayOrigin) % WeekTicks;
        return offset < 0 ? offset + WeekTicks : offset;
    }

    /// <summary>The hour of week (0 = Monday 00:00–01:00 UTC … 167) of <paramref name="at"/>.</summary>
    public static int HourOfWeek(DateTimeOffset at) => (int)(TicksIntoWeek(at) / TimeSpan.TicksPerHour);

    /// <summary>Mean of the valid samples per hour of week (or per hour of day when <paramref name="buckets"/> is 24); NaN where none.</summary>
    public static double[] HourProfile(ReadOnlySpan<double> values, DateTimeOffset start, TimeSpan step, int buckets)
    {
        var sum = new double[buckets];
        var count = new int[buckets];
        AccumulateHourBuckets(values, start, step, buckets, sum, count);
        var profile = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            profile[b] = count[b] == 0 ? double.NaN : sum[b] / count[b];
        }

        return profile;
    }

    /// <summary>Adds every valid sample to its hour bucket (hour of week modulo <paramref name="buckets"/>).</summary>
    public static void AccumulateHourBuckets(ReadOnlySpan<double> values, DateTimeOffset start, TimeSpan step, int buckets, Span<double> sum, Span<int> count)
    {
        var walker = new HourWalker(start, step);
        for (var i = 0; i < values.Length; i++, walker.Next())
        {
            var v = values[i];
            if (!double.IsNaN(v))
            {
                var b = buckets == HoursPerWeek ? walker.Hour : walker.Hour % buckets;
                sum[b] += v;
                count[b]++;
            }
        }
    }

    /// <summary>The hour of week of every sample start + i × step, into <paramref name="target"/>.</summary>
    public static void HoursOfWeek(DateTimeOffset start, TimeSpan step, Span<byte> target)
    {
        var walker = new HourWalker(start, step);
        for (var i = 0; i < target.Length; i++, walker.Next())
        {
            target[i] = (byte)walker.Hour;
        }
    }

    /// <summary>
    /// The series averaged into whole UTC hours (bin 0 is the hour holding the first sample); NaN where an hour has no
    /// valid sample. Used for steps shorter than an hour.
    /// </summary>
    public static double[] BinToHours(ReadOnlySpan<double> values, DateTimeOffset start, TimeSpan step)
    {
        if (values.Length == 0)
        {
            return [];
        }

        var first = start.UtcTicks / TimeSpan.TicksPerHour;
        var last = (start.UtcTicks + (step.Ticks * (values.Length - 1))) / TimeSpan.TicksPerHour;
        var bins = (int)(last - first + 1);
        var sum = new double[bins];
        var count = new int[bins];
        var into = start.UtcTicks - (first * TimeSpan.TicksPerHour);
        var b = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsNaN(v))
            {
                sum[b] += v;
                count[b]++;
            }

            into += step.Ticks;
            if (into >= TimeSpan.TicksPerHour)
            {
                b += (int)(into / TimeSpan.TicksPerHour);
                into %= TimeSpan.TicksPerHour;
            }
        }

        for (b = 0; b < bins; b++)
        {
            sum[b] = count[b] == 0 ? double.NaN : sum[b] / count[b];
        }

        return sum;
    }

    /// <summary>Least-squares line value ≈ intercept + slope × index over the valid samples; false when fewer than one valid sample.</summary>
    public static bool FitLine(ReadOnlySpan<double> values, out double intercept, out double slope)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                continue;
            }

            n++;
            sx += i;
            sy += v;
            sxx += (double)i * i;
            sxy += i * v;
        }

        if (n == 0)
        {
            intercept = double.NaN;
            slope = 0;
            return false;
        }

        var denominator = (n * sxx) - (sx * sx);
        slope = n < 2 || denominator == 0 ? 0 : ((n * sxy) - (sx * sy)) / denominator;
        intercept = (sy - (slope * sx)) / n;
        return true;
    }

    /// <summary>Number of valid (non-NaN) samples.</summary>
    public static int CountValid(ReadOnlySpan<double> values)
    {
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Linear interpolation over NaN gaps of at most <paramref name="maxGap"/> samples, in place; leading and trailing
    /// gaps take the nearest valid value. Longer gaps are left NaN. No-op when no sample is valid.
    /// </summary>
    public static void Interpolate(Span<double> values, int maxGap = int.MaxValue)
    {
        var previous = -1;
        for (var i = 0; i <= values.Length; i++)
        {
            if (i < values.Length && double.IsNaN(values[i]))
            {
                continue;
            }

            var gap = i - previous - 1;
            if (gap > 0 && gap <= maxGap)
            {
                if (previous < 0 && i < values.Length)
                {
                    values[..i].Fill(values[i]);
                }
                else if (previous >= 0 && i == values.Length)
                {
                    values[(previous + 1)..].Fill(values[previous]);
                }
                else if (previous >= 0)
                {
                    var from = values[previous];
                    var delta = (values[i] - from) / (gap + 1);
                    for (var k = 1; k <= gap; k++)
                    {
                        values[previous + k] = from + (delta * k);
                    }
                }
            }

            previous = i;
        }
    }

    /// <summary>
    /// Centered moving average of a gap-free series with a window of <paramref name="window"/> samples (an even
    /// window is the classical 2×m average: half weight on both ends); near the edges the window shrinks
    /// symmetrically to what fits. O(n) with a prefix sum.
    /// </summary>
    public static double[] CenteredMovingAverage(ReadOnlySpan<double> values, int window)
    {
        var n = values.Length;
        var result = new double[n];
        if (n == 0)
        {
            return result;
        }

        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + values[i];
        }

        var half = window / 2;
        var even = window % 2 == 0;
        for (var i = 0; i < n; i++)
        {
            var h = Math.Min(half, Math.Min(i, n - 1 - i));
            if (even && h == half && h > 0)
            {
                // 2×m average: full weight on i−h+1 … i+h−1, half on i−h and i+h.
                var inner = prefix[i + h] - prefix[i - h + 1];
                result[i] = (inner + (0.5 * (values[i - h] + values[i + h]))) / window;
            }
            else
            {
                result[i] = (prefix[i + h + 1] - prefix[i - h]) / ((2 * h) + 1);
            }
        }

        return result;
    }

    /// <summary>Circular moving average of a profile (window odd, at least 1), ignoring NaN entries.</summary>
    public static double[] CircularSmooth(ReadOnlySpan<double> profile, int window)
    {
        var n = profile.Length;
        var result = new double[n];
        var half = window / 2;
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            var count = 0;
            for (var k = -half; k <= half; k++)
            {
                var v = profile[(((i + k) % n) + n) % n];
                if (!double.IsNaN(v))
                {
                    sum += v;
                    count++;
                }
            }

            result[i] = count == 0 ? double.NaN : sum / count;
        }

        return result;
    }

    /// <summary>Walks the hour of week of start, start + step, … dividing only when a step crosses an hour.</summary>
    private struct HourWalker(DateTimeOffset start, TimeSpan step)
    {
        private readonly long _step = step.Ticks;
        private long _into = TicksIntoWeek(start) % TimeSpan.TicksPerHour;

        public int Hour { get; private set; } = HourOfWeek(start);

        public void Next()
        {
            _into += _step;
            if (_into >= TimeSpan.TicksPerHour)
            {
                Hour = (int)((Hour + (_into / TimeSpan.TicksPerHour)) % HoursPerWeek);
                _into %= TimeSpan.TicksPerHour;
            }
        }
    }
}
