using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Prometheus;

/// <summary>
/// Maps the resource ids in a <see cref="MetricRangeQuery"/> (host and instance uuids) to the label values that name
/// them in Prometheus, with instances' vCPU counts for queries that need them. From a cluster model, hosts map to their
/// hostname (Watcher's <c>fqdn</c> label) and instances to their uuid; from dictionaries or a delegate, to anything.
/// A resolver over a live cloud reads the model once per query.
/// </summary>
public sealed class PrometheusTargetResolver : MetricTargetResolver<PrometheusTarget>
{
    /// <param name="resolve">The target for a resource id, or null when the resource is unknown (it gets no series).</param>
    public PrometheusTargetResolver(Func<MetricResource, string, PrometheusTarget?> resolve)
        : base(resolve)
    {
    }

    private PrometheusTargetResolver(Func<CancellationToken, ValueTask<Func<MetricResource, string, PrometheusTarget?>>> snapshot)
        : base(snapshot)
    {
    }

    /// <summary>Hosts by hostname, instances by uuid, vCPUs from the flavors of one model snapshot.</summary>
    public static PrometheusTargetResolver FromCluster(ClusterModel cluster) => new(Lookup(cluster));

    /// <summary>As <see cref="FromCluster(ClusterModel)"/> over the current model (e.g. <c>ICloud.GetClusterAsync</c>), read once per query.</summary>
    public static PrometheusTargetResolver FromCluster(Func<CancellationToken, Task<ClusterModel>> currentCluster) =>
        new(async cancellationToken => Lookup(await currentCluster(cancellationToken)));

    /// <summary>Explicit maps: host uuid → label value; instance uuid → label value (the uuid itself when null); instance uuid → vCPUs.</summary>
    public static PrometheusTargetResolver FromMaps(
        IReadOnlyDictionary<string, string> hosts, IReadOnlyDictionary<string, string>? instances = null, IReadOnlyDictionary<string, int>? instanceVCpus = null) =>
        new((resource, id) =>
        {
            var label = resource == MetricResource.Host ? hosts.GetValueOrDefault(id) : instances is null ? id : instances.GetValueOrDefault(id);
            return label is null ? null : new PrometheusTarget(label, instanceVCpus is not null && instanceVCpus.TryGetValue(id, out var v) ? v : null);
        });

    /// <summary>A target with an empty label value names nothing.</summary>
    protected override bool IsUsable(PrometheusTarget target) => target is { LabelValue.Length: > 0 };

    private static Func<MetricResource, string, PrometheusTarget?> Lookup(ClusterModel cluster) => (resource, id) => resource == MetricResource.Host
        ? cluster.FindNode(id) is { } node ? new PrometheusTarget(node.Hostname) : null
        : cluster.FindInstance(id) is { } instance ? new PrometheusTarget(instance.Uuid, instance.VCpus) : null;
}
