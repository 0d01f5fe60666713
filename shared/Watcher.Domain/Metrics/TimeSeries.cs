namespace Watcher.Domain.Metrics;

/// <summary>The raw samples of one metric for one resource over a period, oldest first.</summary>
public sealed record TimeSeries(string ResourceId, string Metric, IReadOnlyList<MetricPoint> Points);
