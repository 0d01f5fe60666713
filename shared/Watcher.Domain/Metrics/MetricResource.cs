namespace Watcher.Domain.Metrics;

/// <summary>What kind of resource a metric describes.</summary>
public enum MetricResource
{
    Host,
    Instance,
}
