using System.Text.Json.Serialization;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// The optional <c>series</c> section of a snapshot (docs/snapshot-format.md): raw history per resource kind
/// (<c>hosts</c>, <c>instances</c>) → resource uuid → metric name → <see cref="SnapshotSeriesEntry"/>, so a
/// history-based strategy runs offline on the same series an audit would have collected.
/// </summary>
public sealed class SnapshotSeries
{
    /// <summary>Host uuid → metric → series.</summary>
    public Dictionary<string, Dictionary<string, SnapshotSeriesEntry>> Hosts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Instance uuid → metric → series.</summary>
    public Dictionary<string, Dictionary<string, SnapshotSeriesEntry>> Instances { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Number of series held.</summary>
    [JsonIgnore]
    public int Count => Hosts.Values.Sum(m => m.Count) + Instances.Values.Sum(m => m.Count);

    /// <summary>The section for every series of a history.</summary>
    public static SnapshotSeries From(MetricsHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var section = new SnapshotSeries();
        foreach (var (resource, id, metric, series) in history.All().OrderBy(s => s.ResourceId, StringComparer.Ordinal).ThenBy(s => s.Metric, StringComparer.Ordinal))
        {
            var kind = resource == MetricResource.Host ? section.Hosts : section.Instances;
            if (!kind.TryGetValue(id, out var metrics))
            {
                metrics = new Dictionary<string, SnapshotSeriesEntry>(StringComparer.Ordinal);
                kind[id] = metrics;
            }

            metrics[metric] = SnapshotSeriesEntry.From(series);
        }

        return section;
    }

    /// <summary>The series as a <see cref="MetricsHistory"/> strategies read.</summary>
    public MetricsHistory ToHistory()
    {
        var history = new MetricsHistory();
        foreach (var (id, metrics) in Hosts)
        {
            foreach (var (metric, entry) in metrics)
            {
                history.Add(MetricResource.Host, id, metric, entry.ToSeries());
            }
        }

        foreach (var (id, metrics) in Instances)
        {
            foreach (var (metric, entry) in metrics)
            {
                history.Add(MetricResource.Instance, id, metric, entry.ToSeries());
            }
        }

        return history;
    }

    /// <summary>What is wrong with the section against its cluster: unknown resources, non-positive steps, missing values.</summary>
    public IReadOnlyList<string> Validate(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var problems = new List<string>();
        Check("hosts", Hosts, cluster.Hosts.Select(h => h.Uuid).ToHashSet(StringComparer.Ordinal), problems);
        Check("instances", Instances, cluster.Instances.Select(i => i.Uuid).ToHashSet(StringComparer.Ordinal), problems);
        return problems;
    }

    private static void Check(string kind, Dictionary<string, Dictionary<string, SnapshotSeriesEntry>> section, HashSet<string> known, List<string> problems)
    {
        foreach (var (id, metrics) in section)
        {
            if (!known.Contains(id))
            {
                problems.Add($"series.{kind} names '{id}', which is not in {kind}");
            }

            foreach (var (metric, entry) in metrics ?? [])
            {
                if (entry is null || entry.StepSeconds <= 0 || entry.Values is null)
                {
                    problems.Add($"series.{kind}.{id}.{metric} needs start, a positive step_seconds and values");
                }
            }
        }
    }
}
