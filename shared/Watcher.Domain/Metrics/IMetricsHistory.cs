namespace Watcher.Domain.Metrics;

/// <summary>
/// Raw metric history a strategy reads (the time-series framework): series on the audit's regular grid, gaps as NaN.
/// Empty unless the strategy declared a <see cref="HistoryRequirement"/>.
/// </summary>
public interface IMetricsHistory
{
    /// <summary>The series of one metric of one host or instance, or null when the datasource had none.</summary>
    RegularSeries? Series(MetricResource resource, string resourceId, string metric);
}
