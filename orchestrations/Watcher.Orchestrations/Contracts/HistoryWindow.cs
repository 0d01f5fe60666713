namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// The raw history an audit run collects for its strategy's <see cref="Domain.Metrics.HistoryRequirement"/>: the metrics,
/// the grid [<see cref="Start"/>, <see cref="End"/>) at <see cref="StepSeconds"/>, how it is cut into chunks and how many
/// chunk queries may run at once. Fixed by an activity (it reads the clock and options) so the orchestrator plans from
/// it deterministically. Small: no resource ids (those stay in the run's stored manifest).
/// </summary>
public sealed record HistoryWindow(
    IReadOnlyList<string> Metrics,
    DateTimeOffset Start,
    DateTimeOffset End,
    long StepSeconds,
    long ChunkSeconds,
    int ResourcesPerChunk,
    int MaxParallel,
    int Hosts,
    int Instances);
