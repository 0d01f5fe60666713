using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Domain.Tests.Properties;

/// <summary>
/// FsCheck generators of random clusters: 1–40 hosts of random sizes, reservations, allocation ratios, service status,
/// state, power state and zone; 0–150 instances of random flavors and states placed validly (first host with room from
/// a random start) except on the hosts drawn as overloaded, which take whatever is put on them; a random value (or now
/// and then none) for every <see cref="MetricNames"/> constant; random watcher_exclude flags and audit scopes.
/// </summary>
public static class RandomClusters
{
    private static readonly (int VCpus, int MemoryMb, int DiskGb)[] Flavors =
        [(1, 512, 1), (1, 2048, 20), (2, 4096, 40), (4, 8192, 80), (8, 16384, 160), (16, 32768, 320)];

    private static readonly string?[] Zones = [null, "az1", "az2", "az3"];

    /// <summary>Instance states, weighted by repetition: mostly active.</summary>
    private static readonly string[] InstanceStates =
    [
        .. Enumerable.Repeat(InstanceState.Active, 14), InstanceState.Stopped, InstanceState.Stopped,
        InstanceState.Paused, InstanceState.Suspended, InstanceState.Error, InstanceState.Building,
    ];

    /// <summary>Every metric name constant, so a metric added later is generated too.</summary>
    public static IReadOnlyList<string> MetricNameConstants { get; } = typeof(MetricNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static Gen<ClusterModel> Cluster =>
        from hostCount in Gen.Choose(1, 40)
        from hosts in Gen.ListOf(HostGen, hostCount)
        from instanceCount in Gen.Choose(0, 150)
        from instances in Gen.ListOf(InstanceGen, instanceCount)
        select Build(hosts, instances);

    /// <summary>Mostly the whole cluster; sometimes excluded hosts, zones, instances or projects, or an include list.</summary>
    public static Gen<AuditScope> Scope(ClusterModel cluster) =>
        Gen.Frequency(
            (6, Gen.Constant(AuditScope.All)),
            (1, from hosts in Gen.SubListOf(cluster.Hosts.Select(h => h.Hostname)) select new AuditScope { ExcludeHosts = hosts.Take(3).ToList() }),
            (1, from zone in Gen.Elements("az1", "az2") select new AuditScope { ExcludeZones = [zone] }),
            (1, from vms in Gen.SubListOf(cluster.Instances.Select(i => i.Uuid)) select new AuditScope { ExcludeInstances = vms.Take(10).ToList(), ExcludeProjects = ["p2"] }),
            (1, from hosts in Gen.SubListOf(cluster.Hosts.Select(h => h.Uuid)) select new AuditScope { IncludeHosts = hosts.ToList() }));

    /// <summary>
    /// A host. FsCheck draws one 62-bit number per host and its fields are decoded from it (a SplitMix stream):
    /// one bind per field is several times slower, which matters at 200 cases of up to 190 entities per strategy.
    /// </summary>
    private static Gen<HostSpec> HostGen =>
        EntitySeed.Select(seed =>
        {
            var d = new Draws(seed);
            var status = d.Next(7) == 0 ? ServiceStatus.Disabled : ServiceStatus.Enabled;
            return new HostSpec(
                new ComputeNode
                {
                    Uuid = "",
                    Hostname = "",
                    VCpus = d.Pick(4, 8, 16, 32, 64),
                    MemoryMb = d.Pick(4096, 8192, 16384, 65536, 131072),
                    DiskGb = d.Pick(50, 100, 500, 2000),
                    VCpuReserved = d.Pick(0, 1, 2),
                    MemoryMbReserved = d.Pick(0, 512, 2048),
                    DiskGbReserved = d.Pick(0, 10),
                    VCpuRatio = d.Pick(1.0, 1.5, 4.0, 16.0),
                    MemoryRatio = d.Pick(1.0, 1.0, 1.5),
                    DiskRatio = d.Pick(1.0, 1.0, 2.0),
                    Status = status,
                    DisabledReason = d.Pick<string?>(null, "watcher_maintaining", "watcher_disabled", "ops") is { } reason && status == ServiceStatus.Disabled ? reason : null,
                    State = d.Next(10) == 0 ? NodeState.Down : NodeState.Up,
                    PowerState = d.Pick<NodePowerState?>(null, null, NodePowerState.On, NodePowerState.Off),
                    Zone = d.Pick(Zones),
                },
                Overloaded: d.Next(13) == 0,
                Metrics: (long)d.Next(long.MaxValue));
        });

    /// <summary>An instance: flavor, state, where placement starts looking, project, watcher_exclude and metrics.</summary>
    private static Gen<InstanceSpec> InstanceGen =>
        EntitySeed.Select(seed =>
        {
            var d = new Draws(seed);
            return new InstanceSpec(d.Pick(Flavors), d.Pick(InstanceStates), (int)d.Next(1000), d.Pick<string?>(null, "p1", "p2"), d.Next(10) == 0, (long)d.Next(long.MaxValue));
        });

    private static Gen<ulong> EntitySeed =>
        Gen.Two(Gen.Choose(0, int.MaxValue - 1)).Select(p => ((ulong)(uint)p.Item1 << 31) | (uint)p.Item2);

    private static ClusterModel Build(IReadOnlyList<HostSpec> specs, IReadOnlyList<InstanceSpec> instanceSpecs)
    {
        var hosts = specs.Select((s, i) => s.Node with
        {
            Uuid = $"node-{i:D2}-uuid",
            Hostname = $"host-{i:D2}",
            Metrics = Metrics(s.Metrics, "host_", n => HostMetric(n, s.Node)),
        }).ToList();
        var used = hosts.Select(_ => Resources.Zero).ToArray();
        var instances = new List<Instance>();
        for (var k = 0; k < instanceSpecs.Count; k++)
        {
            var s = instanceSpecs[k];
            var demand = new Resources(s.Flavor.VCpus, s.Flavor.MemoryMb, s.Flavor.DiskGb);
            var target = -1;
            for (var step = 0; step < hosts.Count && target < 0; step++)
            {
                var h = (s.Start + step) % hosts.Count;
                if (specs[h].Overloaded || demand.FitsIn(hosts[h].Capacity - used[h]))
                {
                    target = h;
                }
            }

            if (target < 0)
            {
                continue;
            }

            used[target] += demand;
            instances.Add(new Instance
            {
                Uuid = $"vm-{k:D3}-uuid",
                Name = $"vm-{k:D3}",
                VCpus = s.Flavor.VCpus,
                MemoryMb = s.Flavor.MemoryMb,
                DiskGb = s.Flavor.DiskGb,
                State = s.State,
                HostUuid = hosts[target].Uuid,
                ProjectId = s.Project,
                WatcherExclude = s.Exclude,
                Metrics = Metrics(s.Metrics, "instance_", n => InstanceMetric(n, s.Flavor)),
            });
        }

        return new ClusterModel(hosts, instances);
    }

    /// <summary>A value for each metric of the entity's kind, in [low, high]; about one in twelve is left out ("no data").</summary>
    private static Dictionary<string, double> Metrics(long seed, string prefix, Func<string, (double Low, double High)> range)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var d = new Draws((ulong)seed);
        foreach (var name in MetricNameConstants)
        {
            var present = d.Next(12) != 0;
            var fraction = d.Next(1_000_001) / 1_000_000.0;
            var isOther = !name.StartsWith("host_", StringComparison.Ordinal) && !name.StartsWith("instance_", StringComparison.Ordinal);
            if ((isOther || name.StartsWith(prefix, StringComparison.Ordinal)) && present)
            {
                var (low, high) = range(name);
                metrics[name] = Math.Round(low + (fraction * (high - low)), 3);
            }
        }

        return metrics;
    }

    /// <summary>Plausible ranges in Watcher's units.</summary>
    private static (double, double) HostMetric(string name, ComputeNode node) => name switch
    {
        MetricNames.HostRamUsage => (0, node.MemoryMb * 1024.0),
        MetricNames.HostOutletTemp => (15, 50),
        MetricNames.HostInletTemp => (15, 40),
        MetricNames.HostAirflow => (0, 1000),
        MetricNames.HostPower => (0, 800),
        _ => (0, 100),
    };

    private static (double, double) InstanceMetric(string name, (int VCpus, int MemoryMb, int DiskGb) flavor) => name switch
    {
        MetricNames.InstanceRamUsage => (0, flavor.MemoryMb),
        MetricNames.InstanceRamAllocated => (flavor.MemoryMb, flavor.MemoryMb),
        MetricNames.InstanceRootDiskSize => (flavor.DiskGb, flavor.DiskGb),
        MetricNames.InstanceL3CacheUsage => (0, 100_000),
        _ => (0, 100),
    };

    private sealed record HostSpec(ComputeNode Node, bool Overloaded, long Metrics);

    /// <summary>A SplitMix64 stream decoding an FsCheck-drawn seed into field values.</summary>
    private struct Draws(ulong state)
    {
        public ulong Next(ulong bound)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31)) % bound;
        }

        public T Pick<T>(params T[] options) => options[(int)Next((ulong)options.Length)];
    }

    private sealed record InstanceSpec((int VCpus, int MemoryMb, int DiskGb) Flavor, string State, int Start, string? Project, bool Exclude, long Metrics);
}
