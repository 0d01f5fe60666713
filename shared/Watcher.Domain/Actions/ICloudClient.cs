using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions;

/// <summary>
/// The compute API actions drive (Nova's role): read the cluster, move instances, change service state.
/// Each mutating call carries an operation key; an implementation must apply a key's effect at most once,
/// so a retried or replayed activity never executes an action twice.
/// </summary>
public interface ICloudClient
{
    Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default);

    Task MigrateAsync(string instanceUuid, string destinationNode, bool live, string operationKey, CancellationToken cancellationToken = default);

    Task SetServiceStateAsync(string node, ServiceStatus status, string? disabledReason, string operationKey, CancellationToken cancellationToken = default);

    Task SetInstanceStateAsync(string instanceUuid, string state, string operationKey, CancellationToken cancellationToken = default);

    /// <summary>Powers a node on or off (Ironic/IPMI's role).</summary>
    Task SetPowerStateAsync(string node, NodePowerState state, string operationKey, CancellationToken cancellationToken = default);

    /// <summary>Moves a volume to another pool (<paramref name="destinationPool"/>) or changes its type (<paramref name="destinationType"/>), Cinder's role.</summary>
    Task MigrateVolumeAsync(string volumeUuid, string? destinationPool, string? destinationType, string operationKey, CancellationToken cancellationToken = default);
}
