namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// What an audit run's metric collection stored: how many hosts and instances got values, from which source, and,
/// when the strategy declared a history requirement, the history window to collect (null otherwise).
/// </summary>
public sealed record MetricsRef(string SnapshotId, int Hosts, int Instances, string Source)
{
    /// <summary>The raw history to collect before planning; null when the strategy needs none.</summary>
    public HistoryWindow? History { get; init; }
}
