using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Cli;

/// <summary>
/// A seeded, reproducible snapshot for trying and benchmarking strategies: three host sizes (with two vCPU
/// allocation ratios), Nova's five m1 flavors, a log-normal spread of instances over hosts (<c>skew</c> 0 = even,
/// 1 = a few hosts carry several times the mean, most carry little) and every metric the strategies read, filled
/// consistently: instances on busy hosts run hotter, and host CPU, RAM, temperatures, airflow and power follow
/// from the instances placed on them. Hosts are power-managed: on, except half of those given no instance, which are
/// off (and down). Storage pools and volumes come from
/// <see cref="SkewedStorageGenerator"/>. Cost O(hosts log hosts + instances).
/// </summary>
public static class SkewedClusterGenerator
{
    /// <summary>The previous period's L3 cache occupancy (KB), as the noisy_neighbor strategy reads it.</summary>
    public const string PreviousCacheMetric = "instance_l3_cache_usage_previous";

    /// <summary>An instance's priority, 1 (most important) to 5, as the noisy_neighbor strategy reads it.</summary>
    public const string PriorityKey = "watcher-priority";

    private static readonly HostProfile[] Profiles =
    [
        new("small", 32, 131072, 1000, 120, 180, 0.40),
        new("medium", 48, 196608, 2000, 160, 240, 0.35),
        new("large", 64, 262144, 4000, 200, 300, 0.25),
    ];

    private static readonly FlavorSpec[] Flavors =
    [
        new("m1.tiny", 1, 512, 1, 0.10),
        new("m1.small", 1, 2048, 20, 0.30),
        new("m1.medium", 2, 4096, 40, 0.30),
        new("m1.large", 4, 8192, 80, 0.20),
        new("m1.xlarge", 8, 16384, 160, 0.10),
    ];

    /// <summary>Generates <paramref name="hostCount"/> hosts and <c>hostCount × instancesPerHost</c> instances (fewer only if they cannot fit).</summary>
    public static ClusterModel Generate(int hostCount, int instancesPerHost, int seed, double skew = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hostCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(instancesPerHost);
        ArgumentOutOfRangeException.ThrowIfNegative(skew);
        var random = new Random(seed);
        var width = Math.Max(2, hostCount.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);

        var hosts = new ComputeNode[hostCount];
        var profiles = new HostProfile[hostCount];
        var heat = new double[hostCount];
        var weights = new double[hostCount];
        for (var i = 0; i < hostCount; i++)
        {
            var profile = Pick(Profiles, random.NextDouble(), p => p.Share);
            var z = Gaussian(random);
            profiles[i] = profile;
            weights[i] = Math.Exp(skew * z);
            heat[i] = 1 / (1 + Math.Exp(-1.2 * z));
            hosts[i] = new ComputeNode
            {
                Uuid = Id(seed, "host", i),
                Hostname = "compute-" + (i + 1).ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture),
                VCpus = profile.VCpus,
                MemoryMb = profile.MemoryMb,
                DiskGb = profile.DiskGb,
                VCpuReserved = 2,
                MemoryMbReserved = 4096,
                DiskGbReserved = 50,
                VCpuRatio = random.NextDouble() < 0.8 ? 4.0 : 2.0,
                MemoryRatio = random.NextDouble() < 0.8 ? 1.0 : 1.5,
                DiskRatio = 1.0,
                Zone = "az" + ((i % 3) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                PowerState = NodePowerState.On,
            };
        }

        var targets = Apportion(weights, (long)hostCount * instancesPerHost);

        // Half the hosts given no instance are powered off (and so down), as saving_energy leaves them.
        var off = new bool[hostCount];
        for (var h = 0; h < hostCount; h++)
        {
            if (targets[h] == 0 && random.NextDouble() < 0.5)
            {
                off[h] = true;
                hosts[h] = hosts[h] with { PowerState = NodePowerState.Off, State = NodeState.Down };
            }
        }

        var used = new Resources[hostCount];
        var instances = new List<Instance>((int)Math.Min(int.MaxValue, (long)hostCount * instancesPerHost));
        var spill = new List<FlavorSpec>();
        var counter = 0;
        for (var h = 0; h < hostCount; h++)
        {
            for (var k = 0; k < targets[h]; k++)
            {
                var flavor = Pick(Flavors, random.NextDouble(), f => f.Share);
                if (flavor.Demand.FitsIn(hosts[h].Capacity - used[h]))
                {
                    used[h] += flavor.Demand;
                    instances.Add(NewInstance(seed, counter++, flavor, hosts[h], heat[h], random));
                }
                else
                {
                    spill.Add(flavor);
                }
            }
        }

        // Instances a busy host had no room for go to the next hosts that do, in host order.
        var cursor = 0;
        foreach (var flavor in spill)
        {
            var tried = 0;
            while (tried < hostCount && (off[cursor] || !flavor.Demand.FitsIn(hosts[cursor].Capacity - used[cursor])))
            {
                cursor = (cursor + 1) % hostCount;
                tried++;
            }

            if (tried == hostCount)
            {
                continue;
            }

            used[cursor] += flavor.Demand;
            instances.Add(NewInstance(seed, counter++, flavor, hosts[cursor], heat[cursor], random));
        }

        var byHost = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var h = 0; h < hostCount; h++)
        {
            byHost[hosts[h].Uuid] = h;
        }

        var cpuUsed = new double[hostCount];
        var ramUsedMb = new double[hostCount];
        foreach (var instance in instances)
        {
            var h = byHost[instance.HostUuid];
            cpuUsed[h] += instance.VCpus * instance.Metrics[MetricNames.InstanceCpuUsage] / 100.0;
            ramUsedMb[h] += instance.Metrics[MetricNames.InstanceRamUsage];
        }

        for (var h = 0; h < hostCount; h++)
        {
            var cpu = Math.Min(100, 100 * cpuUsed[h] / hosts[h].VCpus);
            var inlet = 18 + (8 * random.NextDouble());
            if (off[h])
            {
                hosts[h] = hosts[h] with
                {
                    Metrics = new Dictionary<string, double>
                    {
                        [MetricNames.HostCpuUsage] = 0,
                        [MetricNames.HostRamUsage] = 0,
                        [MetricNames.HostInletTemp] = Math.Round(inlet, 2),
                        [MetricNames.HostOutletTemp] = Math.Round(inlet, 2),
                        [MetricNames.HostAirflow] = 0,
                        [MetricNames.HostPower] = 0,
                    },
                };
                continue;
            }

            hosts[h] = hosts[h] with
            {
                Metrics = new Dictionary<string, double>
                {
                    [MetricNames.HostCpuUsage] = Math.Round(cpu, 2),
                    [MetricNames.HostRamUsage] = Math.Round((ramUsedMb[h] + 2048) * 1024),
                    [MetricNames.HostInletTemp] = Math.Round(inlet, 2),
                    [MetricNames.HostOutletTemp] = Math.Round(inlet + 8 + (22 * cpu / 100), 2),
                    [MetricNames.HostAirflow] = Math.Round(250 + (450 * cpu / 100) + (40 * (random.NextDouble() - 0.5)), 1),
                    [MetricNames.HostPower] = Math.Round(profiles[h].IdleWatts + (profiles[h].PeakExtraWatts * cpu / 100), 1),
                },
            };
        }

        var (pools, volumes) = SkewedStorageGenerator.Generate(hostCount, instances, seed, skew);
        return new ClusterModel(hosts, instances, pools, volumes, FlavorCatalogue);
    }

    /// <summary>The snapshot's flavor catalogue: Nova's m1 flavors with their default ids 1–5.</summary>
    private static Flavor[] FlavorCatalogue =>
        [.. Flavors.Select((f, i) => new Flavor { Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Name = f.Name, VCpus = f.VCpus, MemoryMb = f.MemoryMb, DiskGb = f.DiskGb })];

    private static Instance NewInstance(int seed, int index, FlavorSpec flavor, ComputeNode host, double heat, Random random)
    {
        var active = random.NextDouble() < 0.95;
        var cpu = active ? Math.Clamp(100 * heat * (0.4 + (0.8 * random.NextDouble())), 1, 100) : 0;
        var ram = active ? flavor.MemoryMb * (0.3 + (0.6 * random.NextDouble())) : 0;
        var cache = Math.Round(flavor.VCpus * 1024 * (0.1 + (1.4 * cpu / 100 * random.NextDouble())));

        // A few instances lost (previous = 2.2 × now) or grabbed (previous = 0.4 × now) L3 cache since the previous period.
        var r = random.NextDouble();
        var change = r < 0.04 ? 2.2 : r < 0.08 ? 0.4 : 0.9 + (0.2 * random.NextDouble());
        return new Instance
        {
            Uuid = Id(seed, "instance", index),
            Name = $"vm-{index + 1:D6}-{flavor.Name}",
            VCpus = flavor.VCpus,
            MemoryMb = flavor.MemoryMb,
            DiskGb = flavor.DiskGb,
            Flavor = flavor.Name,
            State = active ? InstanceState.Active : InstanceState.Stopped,
            HostUuid = host.Uuid,
            ProjectId = "project-" + random.Next(1, 9).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Metrics = new Dictionary<string, double>
            {
                [MetricNames.InstanceCpuUsage] = Math.Round(cpu, 2),
                [MetricNames.InstanceRamUsage] = Math.Round(ram),
                [MetricNames.InstanceRamAllocated] = flavor.MemoryMb,
                [MetricNames.InstanceRootDiskSize] = flavor.DiskGb,
                [MetricNames.InstanceL3CacheUsage] = cache,
                [PreviousCacheMetric] = Math.Round(cache * change),
                [PriorityKey] = random.Next(1, 6),
            },
        };
    }

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> in proportion to <paramref name="weights"/>.</summary>
    private static long[] Apportion(double[] weights, long total)
    {
        var sum = weights.Sum();
        var counts = new long[weights.Length];
        var remainders = new (double Fraction, int Index)[weights.Length];
        long assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = total * weights[i] / sum;
            counts[i] = (long)Math.Floor(exact);
            assigned += counts[i];
            remainders[i] = (exact - counts[i], i);
        }

        Array.Sort(remainders, (a, b) => a.Fraction != b.Fraction ? b.Fraction.CompareTo(a.Fraction) : a.Index.CompareTo(b.Index));
        for (var k = 0; assigned < total; k++, assigned++)
        {
            counts[remainders[k % remainders.Length].Index]++;
        }

        return counts;
    }

    private static T Pick<T>(T[] items, double r, Func<T, double> share)
    {
        foreach (var item in items)
        {
            r -= share(item);
            if (r < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static string Id(int seed, string kind, int index) =>
        DeterministicGuid.Create($"cli-generator:{seed}:{kind}:{index}").ToString();

    private sealed record HostProfile(string Name, int VCpus, int MemoryMb, int DiskGb, double IdleWatts, double PeakExtraWatts, double Share);

    private sealed record FlavorSpec(string Name, int VCpus, int MemoryMb, int DiskGb, double Share)
    {
        public Resources Demand => new(VCpus, MemoryMb, DiskGb);
    }
}
