namespace Watcher.Domain.Metrics;

/// <summary>
/// Watcher's metric names and their units, as the datasource contract serves them: the one place they are defined
/// (docs/datasources.md lists them too). Every datasource serves these names, mapping them to its own through its
/// configured <c>MetricMap</c>; host metrics start with <c>host_</c>, instance metrics with <c>instance_</c>.
/// </summary>
public static class MetricNames
{
    /// <summary>Host CPU utilisation, %.</summary>
    public const string HostCpuUsage = "host_cpu_usage";

    /// <summary>Host RAM in use, KiB.</summary>
    public const string HostRamUsage = "host_ram_usage";

    /// <summary>Host outlet (exhaust) temperature, °C.</summary>
    public const string HostOutletTemp = "host_outlet_temp";

    /// <summary>Host inlet temperature, °C.</summary>
    public const string HostInletTemp = "host_inlet_temp";

    /// <summary>Host airflow, 0.1 CFM.</summary>
    public const string HostAirflow = "host_airflow";

    /// <summary>Host power draw, W.</summary>
    public const string HostPower = "host_power";

    /// <summary>Instance CPU utilisation, % of its vCPUs.</summary>
    public const string InstanceCpuUsage = "instance_cpu_usage";

    /// <summary>Instance RAM in use, MB.</summary>
    public const string InstanceRamUsage = "instance_ram_usage";

    /// <summary>Instance RAM allocated, MB.</summary>
    public const string InstanceRamAllocated = "instance_ram_allocated";

    /// <summary>Instance L3 cache occupancy, KB.</summary>
    public const string InstanceL3CacheUsage = "instance_l3_cache_usage";

    /// <summary>Instance root disk size, GB.</summary>
    public const string InstanceRootDiskSize = "instance_root_disk_size";

    /// <summary>The unit of every metric name above.</summary>
    public static IReadOnlyDictionary<string, string> Units { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HostCpuUsage] = "%",
        [HostRamUsage] = "KiB",
        [HostOutletTemp] = "°C",
        [HostInletTemp] = "°C",
        [HostAirflow] = "0.1 CFM",
        [HostPower] = "W",
        [InstanceCpuUsage] = "%",
        [InstanceRamUsage] = "MB",
        [InstanceRamAllocated] = "MB",
        [InstanceL3CacheUsage] = "KB",
        [InstanceRootDiskSize] = "GB",
    };

    /// <summary>Whether <paramref name="metric"/> describes a host (else an instance).</summary>
    public static bool IsHostMetric(string metric) => metric?.StartsWith("host_", StringComparison.Ordinal) == true;

    /// <summary>Every metric name above.</summary>
    public static IReadOnlyCollection<string> All { get; } =
    [
        HostCpuUsage, HostRamUsage, HostOutletTemp, HostInletTemp, HostAirflow, HostPower,
        InstanceCpuUsage, InstanceRamUsage, InstanceRamAllocated, InstanceL3CacheUsage, InstanceRootDiskSize,
    ];
}
