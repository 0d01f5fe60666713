using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Tests.Strategies.History;

/// <summary>Synthetic hourly instance history for the history-based strategy tests: a flat baseline with a weekly burst.</summary>
public static class WeeklyHistory
{
    /// <summary>A Monday 00:00 UTC, four weeks before the audits of these tests.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Hourly samples over four weeks: <paramref name="peak"/> % in the hours of week [from, to), <paramref name="baseline"/> % otherwise.</summary>
    public static RegularSeries Burst(double baseline, double peak, int from, int to, int weeks = 4)
    {
        Assert.Equal(DayOfWeek.Monday, Start.DayOfWeek);
        var values = new double[weeks * 168];
        for (var i = 0; i < values.Length; i++)
        {
            var hour = i % 168;
            values[i] = hour >= from && hour < to ? peak : baseline;
        }

        return new RegularSeries(Start, TimeSpan.FromHours(1), values);
    }

    /// <summary>The same level every hour.</summary>
    public static RegularSeries Flat(double value, int weeks = 4) => Burst(value, value, 0, 0, weeks);

    /// <summary>Adds each instance's series as its instance_cpu_usage history and sets its mean as the instance's aggregated metric.</summary>
    public static (ClusterModel Cluster, MetricsHistory History) With(ClusterModel cluster, IReadOnlyDictionary<string, RegularSeries> cpuByName)
    {
        var history = new MetricsHistory();
        var instances = cluster.Instances.Select(i =>
        {
            if (!cpuByName.TryGetValue(i.Name, out var series))
            {
                return i;
            }

            history.Add(MetricResource.Instance, i.Uuid, MetricNames.InstanceCpuUsage, series);
            return i with { Metrics = new Dictionary<string, double>(i.Metrics) { [MetricNames.InstanceCpuUsage] = series.Values.Average() } };
        }).ToList();
        return (new ClusterModel(cluster.Hosts, instances), history);
    }

    /// <summary>The cluster after the plan's migrations (destination_node is a hostname).</summary>
    public static ClusterModel After(ClusterModel cluster, IEnumerable<Watcher.Domain.Strategies.ProposedAction> actions)
    {
        var hostOf = cluster.Instances.ToDictionary(i => i.Uuid, i => i.HostUuid, StringComparer.Ordinal);
        foreach (var action in actions.Where(a => a.ActionType == Watcher.Domain.Actions.ActionTypes.Migrate))
        {
            var destination = action.InputParameters["destination_node"]!.GetValue<string>();
            hostOf[action.ResourceId!] = cluster.Hosts.Single(h => h.Hostname == destination).Uuid;
        }

        return new ClusterModel(cluster.Hosts, [.. cluster.Instances.Select(i => i with { HostUuid = hostOf[i.Uuid] })]);
    }
}
