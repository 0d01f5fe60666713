using System.Globalization;
using System.Text;

namespace Watcher.Prometheus.Tests;

/// <summary>
/// Five whole weeks (Monday 00:00 UTC to Sunday 23:55) of 5-minute host CPU samples with a weekly pattern: a weak daily
/// cycle, quiet weekends and a Monday-morning batch peak, plus seeded noise. Written as the gauge
/// <c>watcher_test_host_cpu_percent{fqdn=…}</c> in OpenMetrics for <c>promtool tsdb create-blocks-from openmetrics</c>;
/// <see cref="Values"/> holds exactly what was written, so a query can be compared sample by sample.
/// </summary>
public sealed class WeeklyPatternData
{
    public const int Weeks = 5;
    public const string MetricName = "watcher_test_host_cpu_percent";
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    public WeeklyPatternData(DateTimeOffset now)
    {
        // The latest Monday 00:00 UTC from which five whole weeks end at least an hour before now.
        var latestStart = now - TimeSpan.FromDays(7 * Weeks) - TimeSpan.FromHours(1);
        var day = new DateTimeOffset(latestStart.UtcDateTime.Date, TimeSpan.Zero);
        First = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        Count = Weeks * 7 * 24 * 12;
        Values = Hosts.Select((_, h) => Generate(h)).ToArray();
    }

    /// <summary>Host uuid and the <c>fqdn</c> label in Prometheus.</summary>
    public IReadOnlyList<(string Uuid, string Fqdn)> Hosts { get; } =
    [
        ("weekly-host-1", "weekly-1.example.org"),
        ("weekly-host-2", "weekly-2.example.org"),
    ];

    /// <summary>The first sample's time, a Monday 00:00 UTC.</summary>
    public DateTimeOffset First { get; }

    /// <summary>The last sample's time.</summary>
    public DateTimeOffset Last => First + (Step * (Count - 1));

    /// <summary>Samples per host.</summary>
    public int Count { get; }

    /// <summary>Per host, the written values at <see cref="First"/> + k × <see cref="Step"/>.</summary>
    public double[][] Values { get; }

    public DateTimeOffset TimeAt(int k) => First + (Step * k);

    /// <summary>The samples as OpenMetrics lines (one gauge family), without the closing <c># EOF</c>.</summary>
    public string ToOpenMetricsFamily()
    {
        var sb = new StringBuilder(Hosts.Count * Count * 64);
        sb.Append("# TYPE ").Append(MetricName).Append(" gauge\n");
        for (var h = 0; h < Hosts.Count; h++)
        {
            var series = $"{MetricName}{{fqdn=\"{Hosts[h].Fqdn}\",job=\"node\"}}";
            for (var k = 0; k < Count; k++)
            {
                sb.Append(series).Append(' ').Append(Values[h][k].ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(TimeAt(k).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private double[] Generate(int host)
    {
        // Seeded: the same data every run, no clock or global randomness in the values.
        var random = new Random(1000 + host);
        var values = new double[Count];
        for (var k = 0; k < Count; k++)
        {
            var t = TimeAt(k).UtcDateTime;
            var hour = t.Hour + (t.Minute / 60.0);
            var weekday = ((int)t.DayOfWeek + 6) % 7; // 0 = Monday
            var load = 25 + (4 * Math.Sin(2 * Math.PI * (hour - 9) / 24));
            if (weekday >= 5)
            {
                load -= 10; // quiet weekend
            }

            if (weekday == 0 && hour is >= 6 and < 10)
            {
                load += (45 + (5 * host)) * Math.Sin(Math.PI * (hour - 6) / 4); // Monday-morning batch job
            }

            // Box-Muller noise, σ = 1.5 %.
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[k] = Math.Round(Math.Clamp(load + (1.5 * noise), 0, 100), 3);
        }

        return values;
    }
}
