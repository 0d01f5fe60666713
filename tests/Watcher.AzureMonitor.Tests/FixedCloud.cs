using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.AzureMonitor.Tests;

/// <summary>A cloud whose model is fixed, for the DI registration's resolver.</summary>
public sealed class FixedCloud(ClusterModel cluster) : ICloud
{
    public string Name => "fixed";

    public Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(cluster);
}
