using Watcher.Domain.Metrics;

namespace Watcher.Api.Handlers;

/// <summary>
/// The unit of each Watcher metric name (as documented on <see cref="MetricNames"/>), for the metrics API's responses
/// and the dashboard's axes. Names outside Watcher's list have no known unit.
/// </summary>
internal static class MetricUnits
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        [MetricNames.HostCpuUsage] = "%",
        [MetricNames.HostRamUsage] = "KiB",
        [MetricNames.HostOutletTemp] = "°C",
        [MetricNames.HostInletTemp] = "°C",
        [MetricNames.HostAirflow] = "0.1 CFM",
        [MetricNames.HostPower] = "W",
        [MetricNames.InstanceCpuUsage] = "%",
        [MetricNames.InstanceRamUsage] = "MB",
        [MetricNames.InstanceRamAllocated] = "MB",
        [MetricNames.InstanceL3CacheUsage] = "KB",
        [MetricNames.InstanceRootDiskSize] = "GB",
    };

    public static string Of(string metric) => Units.GetValueOrDefault(metric, string.Empty);
}
