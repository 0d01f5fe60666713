using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor;

/// <summary>
/// Maps the resource ids in a <see cref="MetricRangeQuery"/> (host and instance uuids) to Azure resource ids
/// (<c>/subscriptions/…/providers/Microsoft.Compute/virtualMachines/vm1</c>) and the memory size that turns
/// <c>Available Memory Bytes</c> into used memory. A resolver over a live cloud reads the model once per query.
/// </summary>
public sealed class AzureResourceResolver : MetricTargetResolver<AzureMonitorTarget>
{
    /// <param name="resolve">The target for a resource id, or null when it has none (it gets no series).</param>
    public AzureResourceResolver(Func<MetricResource, string, AzureMonitorTarget?> resolve)
        : base(resolve)
    {
    }

    private AzureResourceResolver(Func<CancellationToken, ValueTask<Func<MetricResource, string, AzureMonitorTarget?>>> snapshot)
        : base(snapshot)
    {
    }

    /// <summary>Watcher id → Azure resource id, with memory MB per Watcher id when known.</summary>
    public static AzureResourceResolver FromMap(IReadOnlyDictionary<string, string> azureResourceIds, IReadOnlyDictionary<string, double>? memoryMb = null) =>
        new((_, id) => azureResourceIds.TryGetValue(id, out var azureId)
            ? new AzureMonitorTarget(azureId, memoryMb is not null && memoryMb.TryGetValue(id, out var mb) ? mb : null)
            : null);

    /// <summary>Azure resource ids from a delegate (a map, a naming convention); memory from the model (host RAM, instance flavor RAM).</summary>
    public static AzureResourceResolver FromCluster(ClusterModel cluster, Func<MetricResource, string, string?> azureResourceId) =>
        new(Lookup(cluster, azureResourceId));

    /// <summary>As <see cref="FromCluster(ClusterModel, Func{MetricResource, string, string?})"/> over the current model (e.g. <c>ICloud.GetClusterAsync</c>).</summary>
    public static AzureResourceResolver FromCluster(Func<CancellationToken, Task<ClusterModel>> currentCluster, Func<MetricResource, string, string?> azureResourceId) =>
        new(async cancellationToken => Lookup(await currentCluster(cancellationToken), azureResourceId));

    /// <summary>
    /// Over the current model: an explicit Watcher id → Azure id map first, then <paramref name="template"/> with
    /// <c>{uuid}</c> (the Watcher id) and <c>{name}</c> (instance name, host hostname; resources the model lacks get none).
    /// </summary>
    public static AzureResourceResolver FromCluster(
        Func<CancellationToken, Task<ClusterModel>> currentCluster, IReadOnlyDictionary<string, string> azureResourceIds, string? template) =>
        new(async cancellationToken =>
        {
            var cluster = await currentCluster(cancellationToken);
            return Lookup(cluster, (resource, id) =>
            {
                if (azureResourceIds.TryGetValue(id, out var mapped))
                {
                    return mapped;
                }

                if (string.IsNullOrEmpty(template))
                {
                    return null;
                }

                var name = resource == MetricResource.Host ? cluster.FindNode(id)?.Hostname : cluster.FindInstance(id)?.Name;
                return name is null && template.Contains("{name}", StringComparison.Ordinal)
                    ? null
                    : template.Replace("{uuid}", id, StringComparison.Ordinal).Replace("{name}", name, StringComparison.Ordinal);
            });
        });

    /// <summary>A target without a resource id names nothing.</summary>
    protected override bool IsUsable(AzureMonitorTarget target) => target is { ResourceId.Length: > 0 };

    private static Func<MetricResource, string, AzureMonitorTarget?> Lookup(ClusterModel cluster, Func<MetricResource, string, string?> azureResourceId) =>
        (resource, id) =>
        {
            double? memory = resource == MetricResource.Host ? cluster.FindNode(id)?.MemoryMb : cluster.FindInstance(id)?.MemoryMb;
            return azureResourceId(resource, id) is { Length: > 0 } azureId ? new AzureMonitorTarget(azureId, memory) : null;
        };
}
