using Watcher.Domain.Actions;
using Watcher.Domain.Metrics;

namespace Watcher.ServiceDefaults;

/// <summary>Ready when the datasource answers a short query (one host's CPU over the last ten minutes).</summary>
internal sealed class MetricsSourceHealthCheck(IMetricsSource metrics, ICloud cloud, TimeProvider time) : ProbeHealthCheck
{
    protected override string Subject => $"Datasource {metrics.Name}";

    protected override async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        var cluster = await cloud.GetClusterAsync(cancellationToken);
        if (cluster.Hosts.Count == 0)
        {
            return $"Datasource {metrics.Name}: no hosts to query.";
        }

        var end = time.GetUtcNow();
        var step = TimeSpan.FromMinutes(5);
        await metrics.QueryRangeAsync(
            new MetricRangeQuery(MetricNames.HostCpuUsage, MetricResource.Host, [cluster.Hosts[0].Uuid], end - (2 * step), end, step), cancellationToken);
        return $"Datasource {metrics.Name} answered.";
    }
}
