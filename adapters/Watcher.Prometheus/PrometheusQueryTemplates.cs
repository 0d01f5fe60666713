using Watcher.Domain.Metrics;

namespace Watcher.Prometheus;

/// <summary>
/// Ready-made PromQL per Watcher metric. <see cref="Watcher"/> reproduces OpenStack Watcher's Prometheus datasource
/// (node_exporter for hosts, Ceilometer metrics exported through sg-core for instances), batched and over a range;
/// <see cref="LibvirtExporter"/> swaps the instance queries for a libvirt exporter's <c>libvirt_domain_info_*</c> series.
/// </summary>
public static class PrometheusQueryTemplates
{
    /// <summary>Host CPU %: 100 minus the idle share of all CPUs (Watcher's query).</summary>
    public static PrometheusMetricQuery NodeCpuUsage { get; } = PrometheusMetricQuery.Of(
        "100 - (avg by ($label) (rate(node_cpu_seconds_total{mode=\"idle\",$selector}[$window])) * 100)");

    /// <summary>Host RAM used, KiB: total minus available bytes, / 1024 (Watcher's query).</summary>
    public static PrometheusMetricQuery NodeRamUsage { get; } = PrometheusMetricQuery.Of(
        "(max by ($label) (node_memory_MemTotal_bytes{$selector}) - avg by ($label) (avg_over_time(node_memory_MemAvailable_bytes{$selector}[$window]))) / 1024");

    /// <summary>Host power draw, W, from ipmi_exporter's DCMI collector (Watcher has no Prometheus query for it).</summary>
    public static PrometheusMetricQuery IpmiPower { get; } = PrometheusMetricQuery.Of(
        "avg by ($label) (avg_over_time(ipmi_dcmi_power_consumption_watts{$selector}[$window]))");

    /// <summary>
    /// The defaults, modelled on OpenStack Watcher's Prometheus datasource: host metrics by the <c>fqdn</c> label,
    /// instance metrics from Ceilometer (<c>ceilometer_cpu</c> in ns of CPU time, <c>ceilometer_memory_usage</c> in MB)
    /// by the <c>resource</c> label holding the instance uuid.
    /// </summary>
    public static IReadOnlyDictionary<string, PrometheusMetricQuery> Watcher { get; } = new Dictionary<string, PrometheusMetricQuery>(StringComparer.Ordinal)
    {
        [MetricNames.HostCpuUsage] = NodeCpuUsage,
        [MetricNames.HostRamUsage] = NodeRamUsage,
        [MetricNames.HostPower] = IpmiPower,
        // clamp_max((avg by (resource)(rate(ceilometer_cpu{...}[300s]))/10e+8) * (100/vcpus), 100) in Watcher; the
        // per-instance vCPU division happens after the batched query.
        [MetricNames.InstanceCpuUsage] = PrometheusMetricQuery.Of(
            "avg by ($label) (rate(ceilometer_cpu{$selector}[$window])) / 1e9 * 100", divideByVCpus: true, clampMax: 100),
        [MetricNames.InstanceRamUsage] = PrometheusMetricQuery.Of(
            "avg by ($label) (avg_over_time(ceilometer_memory_usage{$selector}[$window]))"),
        // Watcher takes these two from the cluster model; Ceilometer exports them as gauges (MB, GB).
        [MetricNames.InstanceRamAllocated] = PrometheusMetricQuery.Of(
            "max by ($label) (max_over_time(ceilometer_memory{$selector}[$window]))"),
        [MetricNames.InstanceRootDiskSize] = PrometheusMetricQuery.Of(
            "max by ($label) (max_over_time(ceilometer_disk_root_size{$selector}[$window]))"),
    };

    /// <summary>
    /// node_exporter for hosts and a libvirt exporter (kumina <c>libvirt_exporter</c> and its forks, Debian's
    /// <c>prometheus-libvirt-exporter</c>) for instances. Use with an instance label holding the instance uuid
    /// (<c>uuid</c> in the forks that add it) or map uuids to the <c>domain</c> label with the resolver.
    /// </summary>
    public static IReadOnlyDictionary<string, PrometheusMetricQuery> LibvirtExporter { get; } = new Dictionary<string, PrometheusMetricQuery>(StringComparer.Ordinal)
    {
        [MetricNames.HostCpuUsage] = NodeCpuUsage,
        [MetricNames.HostRamUsage] = NodeRamUsage,
        [MetricNames.HostPower] = IpmiPower,
        [MetricNames.InstanceCpuUsage] = PrometheusMetricQuery.Of(
            "100 * sum by ($label) (rate(libvirt_domain_info_cpu_time_seconds_total{$selector}[$window])) / max by ($label) (libvirt_domain_info_virtual_cpus{$selector})",
            clampMax: 100),
        [MetricNames.InstanceRamUsage] = PrometheusMetricQuery.Of(
            "avg by ($label) (avg_over_time(libvirt_domain_info_memory_usage_bytes{$selector}[$window])) / 1048576"),
        [MetricNames.InstanceRamAllocated] = PrometheusMetricQuery.Of(
            "max by ($label) (max_over_time(libvirt_domain_info_maximum_memory_bytes{$selector}[$window])) / 1048576"),
    };
}
