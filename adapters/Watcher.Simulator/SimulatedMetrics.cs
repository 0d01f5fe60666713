using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Simulator;

/// <summary>
/// Synthetic, deterministic metric history for the simulated cluster: each instance's usage follows a daily cycle
/// (peak in the afternoon UTC, with a per-instance phase), is lower at weekends, and carries seeded noise. Host metrics
/// are derived from the instances placed on them now (history assumes the current placement).
/// </summary>
public sealed class SimulatedMetrics(SimulatedCloud cloud) : IMetricsSource
{
    public string Name => "simulator";

    public IReadOnlyCollection<string> SupportedMetrics => MetricNames.All;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        var cluster = await cloud.GetClusterAsync(cancellationToken);
        var steps = Math.Min(query.Steps, 100_000);
        var times = Enumerable.Range(0, steps).Select(i => query.Start + (query.Step * i)).ToArray();
        var result = new List<TimeSeries>(query.ResourceIds.Count);
        foreach (var id in query.ResourceIds)
        {
            var points = query.Resource == MetricResource.Instance
                ? InstanceSeries(cluster.FindInstance(id), query.Metric, times)
                : HostSeries(cluster, cluster.FindNode(id), query.Metric, times);
            if (points is not null)
            {
                result.Add(new TimeSeries(id, query.Metric, points));
            }
        }

        return result;
    }

    private static MetricPoint[]? InstanceSeries(Instance? instance, string metric, DateTimeOffset[] times)
    {
        if (instance is null || !instance.Metrics.TryGetValue(metric, out var baseline))
        {
            return null;
        }

        var varies = metric is MetricNames.InstanceCpuUsage or MetricNames.InstanceRamUsage or MetricNames.InstanceL3CacheUsage;
        var cap = metric == MetricNames.InstanceCpuUsage ? 100 : metric == MetricNames.InstanceRamUsage ? instance.MemoryMb : double.MaxValue;
        return times.Select(t => new MetricPoint(t, varies ? Math.Clamp(baseline * Shape(instance.Uuid, metric, t), 0, cap) : baseline)).ToArray();
    }

    private static MetricPoint[]? HostSeries(ClusterModel cluster, ComputeNode? node, string metric, DateTimeOffset[] times)
    {
        if (node is null)
        {
            return null;
        }

        var active = cluster.InstancesOn(node.Uuid).Where(i => i.State == InstanceState.Active).ToList();
        switch (metric)
        {
            case MetricNames.HostCpuUsage:
                return times.Select(t => new MetricPoint(t, node.VCpus == 0 ? 0 : Math.Min(100, active.Sum(i =>
                    i.VCpus * Math.Clamp(i.Metrics.GetValueOrDefault(MetricNames.InstanceCpuUsage) * Shape(i.Uuid, MetricNames.InstanceCpuUsage, t), 0, 100)) / node.VCpus))).ToArray();
            case MetricNames.HostRamUsage:
                return times.Select(t => new MetricPoint(t, 1024 * active.Sum(i =>
                    Math.Clamp(i.Metrics.GetValueOrDefault(MetricNames.InstanceRamUsage) * Shape(i.Uuid, MetricNames.InstanceRamUsage, t), 0, i.MemoryMb)))).ToArray();
            default:
                if (!node.Metrics.TryGetValue(metric, out var baseline))
                {
                    return null;
                }

                return times.Select(t => new MetricPoint(t, baseline * (1 + (0.05 * (Shape(node.Uuid, metric, t) - 1))))).ToArray();
        }
    }

    /// <summary>A multiplicative load shape around 1: daily sine, weekend dip, seeded noise.</summary>
    private static double Shape(string id, string metric, DateTimeOffset t)
    {
        var seed = StableHash(id + "|" + metric);
        var phase = (seed % 360) * Math.PI / 180 / 6;
        var hour = t.UtcDateTime.Hour + (t.UtcDateTime.Minute / 60.0);
        var daily = 0.3 * Math.Sin((2 * Math.PI * (hour - 8) / 24) + phase);
        var weekend = t.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -0.2 : 0;
        var noise = ((StableHash(seed + ":" + t.ToUnixTimeSeconds()) % 2001) / 1000.0 - 1) * 0.05;
        return Math.Max(0, 1 + daily + weekend + noise);
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
