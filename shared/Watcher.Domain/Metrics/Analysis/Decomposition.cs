namespace Watcher.Domain.Metrics.Analysis;

/// <summary>A series split into trend, one seasonal component per period (same order as <see cref="Periods"/>) and residual: value = trend + Σ seasonal + residual.</summary>
public sealed record Decomposition(IReadOnlyList<TimeSpan> Periods, double[] Trend, IReadOnlyList<double[]> Seasonal, double[] Residual);
