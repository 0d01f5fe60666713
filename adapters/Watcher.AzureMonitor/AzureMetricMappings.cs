using Watcher.Domain.Metrics;

namespace Watcher.AzureMonitor;

/// <summary>Default Watcher-metric → Azure-metric mappings for virtual machines (Microsoft.Compute/virtualMachines platform metrics).</summary>
public static class AzureMetricMappings
{
    /// <summary>
    /// Instances are VMs: <c>Percentage CPU</c> → instance_cpu_usage (%), <c>Available Memory Bytes</c> → instance_ram_usage
    /// (flavor MB minus free MB). Hosts that are themselves Azure VMs (nested virtualisation, labs) get host_cpu_usage (%)
    /// and host_ram_usage (KiB) the same way. Azure has no platform metric for the other Watcher metrics.
    /// </summary>
    public static IReadOnlyDictionary<string, AzureMetricMapping> VirtualMachines { get; } = new Dictionary<string, AzureMetricMapping>(StringComparer.Ordinal)
    {
        [MetricNames.InstanceCpuUsage] = AzureMetricMapping.Of("Percentage CPU"),
        [MetricNames.InstanceRamUsage] = AzureMetricMapping.Of("Available Memory Bytes", AzureMetricConversion.UsedMbFromAvailableBytes),
        [MetricNames.HostCpuUsage] = AzureMetricMapping.Of("Percentage CPU"),
        [MetricNames.HostRamUsage] = AzureMetricMapping.Of("Available Memory Bytes", AzureMetricConversion.UsedKibFromAvailableBytes),
    };
}
