namespace Watcher.Domain.Metrics.Analysis;

/// <summary>A period found in a series and its strength (0–1: the share of variance the seasonal part explains, or the autocorrelation at that lag).</summary>
public sealed record DetectedPeriod(TimeSpan Period, double Strength);
