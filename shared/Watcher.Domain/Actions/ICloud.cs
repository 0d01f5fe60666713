using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions;

/// <summary>
/// A cloud Watcher optimises (the simulator, OpenStack, ...), chosen by <see cref="Name"/> in configuration: where
/// the cluster model comes from and where actions run. Actions run through <see cref="IActionHandler"/>s registered
/// for this cloud; a cloud that can apply any <see cref="IActionDefinition"/>'s effect itself (the simulator)
/// returns a handler from <see cref="DefaultHandler"/>. Every mutating call carries an operation key that the
/// cloud applies at most once, so a retried or replayed activity never acts twice.
/// </summary>
public interface ICloud
{
    /// <summary>The name configuration selects this cloud by (<c>Watcher:Cloud</c>).</summary>
    string Name { get; }

    /// <summary>The cluster as it is now.</summary>
    Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>A handler for an action type that has no handler registered for this cloud, or null when the cloud cannot run it.</summary>
    IActionHandler? DefaultHandler(IActionDefinition definition) => null;
}
