namespace Watcher.Orchestrations.Contracts;

/// <summary>What an audit run's metric collection stored: how many hosts and instances got values, from which source.</summary>
public sealed record MetricsRef(string SnapshotId, int Hosts, int Instances, string Source);
