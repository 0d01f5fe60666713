namespace Watcher.Domain.Metrics;

/// <summary>Metric values a strategy reads, by Watcher metric name (host_cpu_usage in %, instance_ram_usage in MB, ...).</summary>
public interface IMetricsView
{
    /// <summary>The aggregated value of a host metric over the audit period, or null when there is no data.</summary>
    double? Host(string nodeUuid, string metric);

    /// <summary>The aggregated value of an instance metric over the audit period, or null when there is no data.</summary>
    double? Instance(string instanceUuid, string metric);
}
