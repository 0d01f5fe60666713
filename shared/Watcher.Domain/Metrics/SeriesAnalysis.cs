using Watcher.Domain.Errors;

namespace Watcher.Domain.Metrics;

/// <summary>Time-series analysis: Watcher's aggregation methods plus daily and weekly profiles and trend.</summary>
public static class SeriesAnalysis
{
    /// <summary>Aggregation methods Watcher accepts (<c>mean</c>, <c>max</c>, <c>min</c>, <c>count</c>, <c>last</c>) plus <c>pNN</c> percentiles.</summary>
    public static double? Aggregate(IReadOnlyList<MetricPoint> points, string method)
    {
        if (points.Count == 0)
        {
            return null;
        }

        switch (method)
        {
            case "mean":
                return points.Average(p => p.Value);
            case "max":
                return points.Max(p => p.Value);
            case "min":
                return points.Min(p => p.Value);
            case "count":
                return points.Count;
            case "last":
                return points[^1].Value;
        }

        if (method.Length > 1 && method[0] == 'p' && double.TryParse(method[1..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100)
        {
            return Percentile(points.Select(x => x.Value).ToArray(), p);
        }

        throw new ValidationException($"Unknown aggregation method '{method}'; use mean, max, min, count, last or pNN (e.g. p95).");
    }

    public static void ValidateMethod(string method) => Aggregate([new MetricPoint(DateTimeOffset.UnixEpoch, 0)], method);

    public static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        var rank = percentile / 100.0 * (values.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return values[low] + ((values[high] - values[low]) * (rank - low));
    }

    /// <summary>Mean value per hour of day (0–23, UTC); hours without samples are NaN.</summary>
    public static double[] DailyProfile(IReadOnlyList<MetricPoint> points) => Profile(points, 24, p => p.At.UtcDateTime.Hour);

    /// <summary>Mean value per hour of week (0 = Monday 00:00 UTC … 167); hours without samples are NaN.</summary>
    public static double[] WeeklyProfile(IReadOnlyList<MetricPoint> points) =>
        Profile(points, 168, p => ((((int)p.At.UtcDateTime.DayOfWeek + 6) % 7) * 24) + p.At.UtcDateTime.Hour);

    /// <summary>Least-squares slope in value units per hour.</summary>
    public static double TrendPerHour(IReadOnlyList<MetricPoint> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var t0 = points[0].At;
        double n = points.Count, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (var p in points)
        {
            var x = (p.At - t0).TotalHours;
            sx += x;
            sy += p.Value;
            sxx += x * x;
            sxy += x * p.Value;
        }

        var denominator = (n * sxx) - (sx * sx);
        return denominator == 0 ? 0 : ((n * sxy) - (sx * sy)) / denominator;
    }

    private static double[] Profile(IReadOnlyList<MetricPoint> points, int buckets, Func<MetricPoint, int> bucket)
    {
        var sum = new double[buckets];
        var count = new int[buckets];
        foreach (var p in points)
        {
            var b = bucket(p);
            sum[b] += p.Value;
            count[b]++;
        }

        return sum.Select((s, i) => count[i] == 0 ? double.NaN : s / count[i]).ToArray();
    }
}
