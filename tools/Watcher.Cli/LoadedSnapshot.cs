using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Cli;

/// <summary>A snapshot file as read: the cluster and the raw history of its optional <c>series</c> section (empty without one).</summary>
public sealed record LoadedSnapshot(ClusterModel Cluster, MetricsHistory History);
