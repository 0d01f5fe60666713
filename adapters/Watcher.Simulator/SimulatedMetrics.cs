using Watcher.Domain.Metrics;

namespace Watcher.Simulator;

/// <summary>
/// The embedded datasource: the simulator's seeded history (<see cref="SimulatedHistory"/>) for every Watcher metric,
/// following the placement each instance really had at each sample. Its ground truth (<see cref="GetGroundTruthAsync"/>)
/// makes it a test oracle for pattern-finding strategies.
/// </summary>
public sealed class SimulatedMetrics(SimulatedCloud cloud) : IMetricsSource
{
    /// <summary>At most this many samples per series in one query.</summary>
    public const int MaxSamplesPerSeries = 1_000_000;

    public string Name => "simulator";

    public IReadOnlyCollection<string> SupportedMetrics => MetricNames.All;

    public async Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var grid = await SeriesAsync(query, cancellationToken);
        var result = new List<TimeSeries>(grid.Count);
        foreach (var id in query.ResourceIds.Distinct(StringComparer.Ordinal))
        {
            if (grid.TryGetValue(id, out var values))
            {
                var points = new MetricPoint[values.Length];
                for (var k = 0; k < values.Length; k++)
                {
                    points[k] = new MetricPoint(query.Start + (query.Step * k), values[k]);
                }

                result.Add(new TimeSeries(id, query.Metric, points));
            }
        }

        return result;
    }

    /// <summary>The same history as <see cref="QueryRangeAsync"/>, as regular series (no per-sample timestamps): the compact form.</summary>
    public async Task<IReadOnlyDictionary<string, RegularSeries>> QueryRegularAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var grid = await SeriesAsync(query, cancellationToken);
        return grid.ToDictionary(kv => kv.Key, kv => new RegularSeries(query.Start, query.Step, kv.Value), StringComparer.Ordinal);
    }

    /// <summary>What the history planted: co-peaking groups (members, hours of week, amplitude) and the hot rack.</summary>
    public async Task<SimulatorGroundTruth> GetGroundTruthAsync(CancellationToken cancellationToken = default) =>
        (await cloud.GetHistoryAsync(cancellationToken)).GroundTruth;

    private async Task<IReadOnlyDictionary<string, double[]>> SeriesAsync(MetricRangeQuery query, CancellationToken cancellationToken)
    {
        if (query.Step <= TimeSpan.Zero || query.End < query.Start || query.ResourceIds.Count == 0)
        {
            return new Dictionary<string, double[]>();
        }

        var history = await cloud.GetHistoryAsync(cancellationToken);
        var steps = Math.Min(query.Steps, MaxSamplesPerSeries);
        return query.Resource == MetricResource.Instance
            ? history.Instances(query.ResourceIds, query.Metric, query.Start, query.Step, steps)
            : history.Hosts(query.ResourceIds, query.Metric, query.Start, query.Step, steps);
    }
}
