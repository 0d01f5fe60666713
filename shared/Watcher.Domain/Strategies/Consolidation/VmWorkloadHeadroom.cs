using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// The utilization side of Watcher's <c>vm_workload_consolidation</c> as four linear headroom dimensions, so a fit is
/// an index query. Instance use: CPU = vcpus × instance_cpu_usage / 100 (all vcpus when the metric is missing), RAM =
/// instance_ram_usage, else instance_ram_allocated, else the flavor, disk = instance_root_disk_size, else the flavor.
/// Node use (Watcher's get_node_utilization): CPU = max(Σ instance CPU, host_cpu_usage × vcpus / 100), RAM =
/// max(Σ instance RAM, host_ram_usage / 1024), disk = Σ instance disk; the host-metric terms follow planned moves
/// the way Watcher's host_metric_delta does (CPU by the instance's use, RAM by its flavor size). Dimensions:
/// 0 CPU, 1 RAM by instances, 2 RAM by host metric, 3 disk; headroom = capacity − use.
/// </summary>
internal sealed class VmWorkloadHeadroom : IHeadroomModel
{
    public const int Cpu = 0;

    private readonly IMetricsView _metrics;
    private readonly Dictionary<string, (double Cpu, double Ram, double Disk)> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Cpu, double Ram, double Disk)> _sums = new(StringComparer.Ordinal);

    public VmWorkloadHeadroom(ClusterModel cluster, IMetricsView metrics)
    {
        _metrics = metrics;
        foreach (var instance in cluster.Instances)
        {
            var usage = Usage(instance);
            _usage[instance.Uuid] = usage;
            var sum = _sums.GetValueOrDefault(instance.HostUuid);
            _sums[instance.HostUuid] = (sum.Cpu + usage.Cpu, sum.Ram + usage.Ram, sum.Disk + usage.Disk);
        }
    }

    public int Dimensions => 4;

    /// <summary>The instance's measured CPU use in cores (Watcher's sort key for instances).</summary>
    public double CpuOf(Instance instance) => _usage[instance.Uuid].Cpu;

    public void Headroom(ComputeNode node, Span<double> headroom)
    {
        var capacity = node.Capacity;
        var sums = _sums.GetValueOrDefault(node.Uuid);
        var hostCpu = _metrics.Host(node.Uuid, MetricNames.HostCpuUsage) is { } cpu && cpu != 0 ? cpu * node.VCpus / 100 : 0;
        var hostRam = _metrics.Host(node.Uuid, MetricNames.HostRamUsage) is { } ram && ram != 0 ? ram / 1024 : (double?)null;
        headroom[Cpu] = capacity.VCpus - Math.Max(sums.Cpu, hostCpu);
        headroom[1] = capacity.MemoryMb - sums.Ram;
        headroom[2] = hostRam is { } r ? capacity.MemoryMb - r : double.PositiveInfinity;
        headroom[3] = capacity.DiskGb - sums.Disk;
    }

    public void Demand(Instance instance, Span<double> check, Span<double> consume)
    {
        var usage = _usage[instance.Uuid];
        check[Cpu] = consume[Cpu] = usage.Cpu;
        check[1] = consume[1] = usage.Ram;
        check[2] = usage.Ram;
        consume[2] = instance.MemoryMb;
        check[3] = consume[3] = usage.Disk;
    }

    private (double Cpu, double Ram, double Disk) Usage(Instance instance)
    {
        var cpuPercent = _metrics.Instance(instance.Uuid, MetricNames.InstanceCpuUsage);
        var cpu = cpuPercent is { } c ? instance.VCpus * (c / 100.0) : instance.VCpus;
        var ram = _metrics.Instance(instance.Uuid, MetricNames.InstanceRamUsage)
            ?? _metrics.Instance(instance.Uuid, MetricNames.InstanceRamAllocated)
            ?? instance.MemoryMb;
        var disk = _metrics.Instance(instance.Uuid, MetricNames.InstanceRootDiskSize) ?? instance.DiskGb;
        return (cpu, ram, disk);
    }
}
