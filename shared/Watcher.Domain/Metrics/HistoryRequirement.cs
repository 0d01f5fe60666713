namespace Watcher.Domain.Metrics;

/// <summary>
/// The raw history a strategy wants in addition to its aggregated metrics: which metrics, over how long a window
/// ending at the audit's time, at which step. The audit collects it (fanned out and cached) before the strategy runs.
/// </summary>
public sealed record HistoryRequirement(IReadOnlyList<string> Metrics, TimeSpan Period, TimeSpan Step);
