using Watcher.Domain.Metrics;

namespace Watcher.Domain.Tests.Metrics.Analysis;

/// <summary>Seeded synthetic series with known daily and weekly patterns, trend, noise and gaps.</summary>
internal static class SyntheticSeries
{
    /// <summary>Monday 2026-03-02 00:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// base 50 + <paramref name="daily"/> × sin over the day (peak 18:00 UTC) + <paramref name="weekend"/> drop on
    /// Saturday and Sunday (centered so the weekly part has mean 0) + <paramref name="trendPerDay"/> × days + Gaussian
    /// noise of σ <paramref name="noise"/>.
    /// </summary>
    public static RegularSeries Make(
        int days, TimeSpan step, double daily = 10, double weekend = 0, double trendPerDay = 0, double noise = 0, int seed = 1, DateTimeOffset? start = null)
    {
        var origin = start ?? Monday;
        var count = (int)(TimeSpan.FromDays(days) / step);
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Signal(origin + (step * i), origin, daily, weekend, trendPerDay) + (noise * Gaussian(random));
        }

        return new RegularSeries(origin, step, values);
    }

    /// <summary>The noise-free value of <see cref="Make"/> at <paramref name="t"/>.</summary>
    public static double Signal(DateTimeOffset t, DateTimeOffset origin, double daily, double weekend, double trendPerDay)
    {
        var hourOfDay = t.UtcDateTime.TimeOfDay.TotalHours;
        var isWeekend = t.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return 50 + (daily * Math.Sin((hourOfDay - 12) / 24 * 2 * Math.PI))
            + (isWeekend ? -weekend * 5 / 7 : weekend * 2 / 7)
            + (trendPerDay * (t - origin).TotalDays);
    }

    /// <summary>A weekday batch job: 20 + noise, and +<paramref name="height"/> from <paramref name="fromHour"/> for <paramref name="hours"/> hours (UTC) Monday to Friday.</summary>
    public static RegularSeries Batch(int days, TimeSpan step, int fromHour, int hours, double height = 40, double noise = 2, int seed = 1, DateTimeOffset? start = null)
    {
        var origin = start ?? Monday;
        var random = new Random(seed);
        var values = new double[(int)(TimeSpan.FromDays(days) / step)];
        for (var i = 0; i < values.Length; i++)
        {
            var t = (origin + (step * i)).UtcDateTime;
            var busy = t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && ((t.Hour - fromHour + 24) % 24) < hours;
            values[i] = 20 + (busy ? height : 0) + (noise * Gaussian(random));
        }

        return new RegularSeries(origin, step, values);
    }

    /// <summary>White noise around 50.</summary>
    public static RegularSeries Noise(int days, TimeSpan step, int seed)
    {
        var random = new Random(seed);
        var values = new double[(int)(TimeSpan.FromDays(days) / step)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 50 + (10 * Gaussian(random));
        }

        return new RegularSeries(Monday, step, values);
    }

    /// <summary>A copy with NaN over [from, from + length) and every <paramref name="every"/>-th sample.</summary>
    public static RegularSeries WithGaps(RegularSeries series, int from, int length, int every = 0)
    {
        var values = (double[])series.Values.Clone();
        values.AsSpan(from, length).Fill(double.NaN);
        for (var i = 0; every > 0 && i < values.Length; i += every)
        {
            values[i] = double.NaN;
        }

        return series with { Values = values };
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
