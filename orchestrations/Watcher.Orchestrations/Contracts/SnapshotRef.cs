namespace Watcher.Orchestrations.Contracts;

/// <summary>Where an audit run stored the cluster model it collected.</summary>
public sealed record SnapshotRef(string SnapshotId, int Hosts, int Instances);
