namespace Watcher.Domain.Metrics;

/// <summary>One sample of a time series.</summary>
public readonly record struct MetricPoint(DateTimeOffset At, double Value);
