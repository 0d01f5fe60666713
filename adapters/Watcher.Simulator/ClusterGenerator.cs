using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Simulator;

/// <summary>
/// Builds a seeded, reproducible cluster: mixed host sizes, instances of Nova's m1 flavors (the catalogue is part of
/// the model, so <c>resize</c> can run), skewed placement and metrics.
/// </summary>
public static class ClusterGenerator
{
    /// <summary>Nova's default m1 flavors, with their default ids: the generated cluster's flavor catalogue.</summary>
    public static IReadOnlyList<Flavor> FlavorCatalogue { get; } =
    [
        new() { Id = "1", Name = "m1.tiny", VCpus = 1, MemoryMb = 512, DiskGb = 1 },
        new() { Id = "2", Name = "m1.small", VCpus = 1, MemoryMb = 2048, DiskGb = 20 },
        new() { Id = "3", Name = "m1.medium", VCpus = 2, MemoryMb = 4096, DiskGb = 40 },
        new() { Id = "4", Name = "m1.large", VCpus = 4, MemoryMb = 8192, DiskGb = 80 },
        new() { Id = "5", Name = "m1.xlarge", VCpus = 8, MemoryMb = 16384, DiskGb = 160 },
    ];

    /// <summary>The flavors instances are drawn from (m1.tiny is in the catalogue only, as a target to shrink to).</summary>
    private static readonly Flavor[] Flavors = [.. FlavorCatalogue.Skip(1)];

    public static ClusterModel Generate(int hostCount, int instanceCount, int seed)
    {
        if (hostCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hostCount), "A cluster needs at least one host.");
        }

        var random = new Random(seed);
        var hosts = new List<ComputeNode>(hostCount);
        for (var i = 0; i < hostCount; i++)
        {
            var big = random.NextDouble() < 0.3;
            hosts.Add(new ComputeNode
            {
                Uuid = Id(seed, "host", i),
                Hostname = $"compute-{i + 1:D2}",
                VCpus = big ? 16 : 8,
                MemoryMb = big ? 262144 : 131072,
                DiskGb = big ? 4000 : 2000,
                VCpuReserved = 2,
                MemoryMbReserved = 4096,
                DiskGbReserved = 50,
                VCpuRatio = 4.0,
                MemoryRatio = 1.0,
                DiskRatio = 1.0,
                Zone = i % 2 == 0 ? "az1" : "az2",
                PowerState = NodePowerState.On,
            });
        }

        var used = hosts.ToDictionary(h => h.Uuid, _ => Resources.Zero);
        var instances = new List<Instance>(instanceCount);
        for (var i = 0; i < instanceCount; i++)
        {
            var flavor = Flavors[Pick(random)];
            var demand = new Resources(flavor.VCpus, flavor.MemoryMb, flavor.DiskGb);

            // Skew: prefer low-numbered hosts so some are busy and others nearly empty.
            var start = (int)(Math.Pow(random.NextDouble(), 2) * hostCount);
            ComputeNode? target = null;
            for (var k = 0; k < hostCount && target is null; k++)
            {
                var candidate = hosts[(start + k) % hostCount];
                if (demand.FitsIn(candidate.Capacity - used[candidate.Uuid]))
                {
                    target = candidate;
                }
            }

            if (target is null)
            {
                break;
            }

            used[target.Uuid] += demand;
            var cpu = Math.Round(5 + (random.NextDouble() * 85), 2);
            instances.Add(new Instance
            {
                Uuid = Id(seed, "instance", i),
                Name = $"vm-{i + 1:D3}-{flavor.Name}",
                VCpus = flavor.VCpus,
                MemoryMb = flavor.MemoryMb,
                DiskGb = flavor.DiskGb,
                Flavor = flavor.Name,
                State = random.NextDouble() < 0.9 ? InstanceState.Active : InstanceState.Stopped,
                HostUuid = target.Uuid,
                ProjectId = $"project-{random.Next(1, 6)}",
                Metrics = new Dictionary<string, double>
                {
                    ["instance_cpu_usage"] = cpu,
                    ["instance_ram_usage"] = Math.Round(flavor.MemoryMb * (0.3 + (random.NextDouble() * 0.6))),
                    ["instance_ram_allocated"] = flavor.MemoryMb,
                    ["instance_root_disk_size"] = flavor.DiskGb,
                },
            });
        }

        var (pools, volumes) = Storage(instances, hostCount, random, seed);
        return WithHostMetrics(new ClusterModel(hosts, instances, pools, volumes, FlavorCatalogue), seed);
    }

    /// <summary>One storage pool per 10 hosts (at least two, two volume types) and a root volume for about half the instances.</summary>
    private static (List<StoragePool> Pools, List<Volume> Volumes) Storage(List<Instance> instances, int hostCount, Random random, int seed)
    {
        var pools = Enumerable.Range(0, Math.Max(2, hostCount / 10)).Select(i => new StoragePool
        {
            Name = $"storage-{i + 1:D2}@lvm#{(i % 2 == 0 ? "ssd" : "hdd")}",
            TotalCapacityGb = 4000,
            FreeCapacityGb = 4000,
            VolumeType = i % 2 == 0 ? "ssd" : "hdd",
        }).ToList();
        var volumes = new List<Volume>();
        foreach (var instance in instances.Where(_ => random.NextDouble() < 0.5))
        {
            // Skewed: low-numbered pools fill first.
            var poolIndex = (int)(Math.Pow(random.NextDouble(), 2) * pools.Count);
            var size = 20 + (10 * random.Next(0, 20));
            if (pools[poolIndex].FreeCapacityGb < size)
            {
                continue;
            }

            pools[poolIndex] = pools[poolIndex] with { FreeCapacityGb = pools[poolIndex].FreeCapacityGb - size };
            volumes.Add(new Volume
            {
                Uuid = Id(seed, "volume", volumes.Count),
                Name = $"vol-{instance.Name}",
                Size = size,
                Status = VolumeStatus.InUse,
                Pool = pools[poolIndex].Name,
                Attachments = [instance.Uuid],
                VolumeType = pools[poolIndex].VolumeType,
                ProjectId = instance.ProjectId,
            });
        }

        return (pools, volumes);
    }

    /// <summary>
    /// Recomputes the metrics embedded in the model from the instances placed on each host (so they follow migrations):
    /// host CPU and RAM from the active instances, inlet temperature from the host's rack (kept when the model already has
    /// one), and power, outlet temperature and airflow from CPU and inlet (<see cref="HostPhysics"/>); instances without an
    /// L3 cache figure get one from their size and CPU. These are the means the simulator's history is built around.
    /// </summary>
    public static ClusterModel WithHostMetrics(ClusterModel cluster, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var instances = cluster.Instances.Select(i => i.Metrics.ContainsKey(MetricNames.InstanceL3CacheUsage)
            ? i
            : i with { Metrics = new Dictionary<string, double>(i.Metrics) { [MetricNames.InstanceL3CacheUsage] = L3Cache(i) } }).ToList();
        var withL3 = new ClusterModel(cluster.Hosts, instances, cluster.StoragePools, cluster.Volumes, cluster.Flavors);
        var racks = HostPhysics.Racks(cluster.Hosts);
        var hosts = cluster.Hosts.Select(h =>
        {
            var cpuUsed = 0.0;
            var ramUsedMb = 0.0;
            foreach (var instance in withL3.InstancesOn(h.Uuid))
            {
                if (instance.State != InstanceState.Active)
                {
                    continue;
                }

                cpuUsed += instance.VCpus * instance.Metrics.GetValueOrDefault(MetricNames.InstanceCpuUsage) / 100.0;
                ramUsedMb += instance.Metrics.GetValueOrDefault(MetricNames.InstanceRamUsage);
            }

            var cpu = h.VCpus == 0 ? 0 : Math.Round(Math.Min(100, 100 * cpuUsed / h.VCpus), 2);
            var inlet = h.Metrics.TryGetValue(MetricNames.HostInletTemp, out var given) ? given : Math.Round(HostPhysics.InletBase(seed, racks.GetValueOrDefault(h.Uuid)), 2);
            var metrics = new Dictionary<string, double>(h.Metrics)
            {
                [MetricNames.HostCpuUsage] = cpu,
                [MetricNames.HostRamUsage] = Math.Round(ramUsedMb * 1024),
                [MetricNames.HostInletTemp] = inlet,
                [MetricNames.HostOutletTemp] = Math.Round(HostPhysics.Outlet(inlet, cpu), 2),
                [MetricNames.HostPower] = Math.Round(HostPhysics.Power(h, cpu), 1),
                [MetricNames.HostAirflow] = Math.Round(HostPhysics.Airflow(inlet, cpu), 1),
            };
            return h with { Metrics = metrics };
        }).ToList();
        return new ClusterModel(hosts, instances, cluster.StoragePools, cluster.Volumes, cluster.Flavors);
    }

    /// <summary>An instance's mean L3 cache occupancy, KB: 1 MiB per vCPU at 50 % CPU, more when busier.</summary>
    internal static double L3Cache(Instance instance) =>
        Math.Round(instance.VCpus * 1024 * (0.5 + (instance.Metrics.GetValueOrDefault(MetricNames.InstanceCpuUsage, 30) / 100)));

    private static int Pick(Random random)
    {
        var r = random.NextDouble();
        return r < 0.3 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
    }

    private static string Id(int seed, string kind, int index) =>
        DeterministicGuid.Create($"simulator:{seed}:{kind}:{index}").ToString();
}
