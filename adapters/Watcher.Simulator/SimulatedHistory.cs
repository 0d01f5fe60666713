using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Simulator;

/// <summary>
/// The simulator's seeded, deterministic metric history. Each instance's CPU is its model value shaped by a daily cycle
/// (per-instance peak hour and amplitude), a weekend dip, a slow linear trend (anchored at <see cref="TrendAnchor"/>),
/// noise and rare incidents (an hour near 100 %); members of a planted <see cref="CoPeakingGroup"/> run at the group's
/// peak during its weekly window. RAM and L3 cache follow the same shape, more gently. Host series are computed from the
/// active instances that were on the host at each sample, replaying the cloud's <see cref="PlacementChange"/>s, and host
/// power, outlet temperature and airflow follow the host's CPU through <see cref="HostPhysics"/>. A value depends only on
/// the seed, the resource, the metric and the sample's time (not on the query's start or step), and generation is a
/// plain loop over arrays: a month of 5-minute samples for the default cluster takes milliseconds.
/// </summary>
public sealed class SimulatedHistory
{
    /// <summary>Where the trend crosses the model's value: before it usage was lower (or higher) by the instance's monthly slope.</summary>
    public static readonly DateTimeOffset TrendAnchor = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Probability that an instance has an incident (CPU spike) in a given hour.</summary>
    public const double IncidentProbabilityPerHour = 0.001;

    private const int MaxSamples = 2_000_000;
    private static readonly (string Name, int StartHourOfWeek, int Hours, int Hosts)[] PlantedJobs =
    [
        ("monday-batch", 6, 4, 3),
        ("thursday-reports", (3 * 24) + 13, 3, 2),
    ];

    private readonly ClusterModel _cluster;
    private readonly int _seed;
    private readonly Dictionary<string, List<PlacementChange>> _moves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CoPeakingGroup> _groupOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _racks;

    /// <param name="cluster">The cluster as it is now.</param>
    /// <param name="placements">Every placement change applied so far (any order).</param>
    /// <param name="seed">The simulator's seed.</param>
    public SimulatedHistory(ClusterModel cluster, IReadOnlyList<PlacementChange> placements, int seed)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(placements);
        _cluster = cluster;
        _seed = seed;
        foreach (var move in placements.OrderBy(p => p.At))
        {
            if (!_moves.TryGetValue(move.InstanceUuid, out var list))
            {
                list = [];
                _moves[move.InstanceUuid] = list;
            }

            list.Add(move);
        }

        _racks = HostPhysics.Racks(cluster.Hosts);
        GroundTruth = Plant();
        foreach (var group in GroundTruth.Groups)
        {
            foreach (var id in group.InstanceUuids)
            {
                _groupOf[id] = group;
            }
        }
    }

    /// <summary>What was planted: co-peaking groups and the hot rack.</summary>
    public SimulatorGroundTruth GroundTruth { get; }

    /// <summary>The host an instance was on at <paramref name="at"/>, or null for an unknown instance.</summary>
    public string? HostAt(string instanceUuid, DateTimeOffset at)
    {
        var instance = _cluster.FindInstance(instanceUuid);
        if (instance is null)
        {
            return null;
        }

        if (_moves.TryGetValue(instanceUuid, out var moves))
        {
            foreach (var move in moves)
            {
                if (at < move.At)
                {
                    return move.FromHost;
                }
            }
        }

        return instance.HostUuid;
    }

    /// <summary>The series of one metric for some instances on the grid <paramref name="start"/> + k × <paramref name="step"/>; unknown instances and metrics are absent.</summary>
    public IReadOnlyDictionary<string, double[]> Instances(IEnumerable<string> instanceIds, string metric, DateTimeOffset start, TimeSpan step, int count)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var grid = new Grid(start, step, count);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double[]? cpu = null;
        foreach (var id in instanceIds)
        {
            if (result.ContainsKey(id) || _cluster.FindInstance(id) is not { } instance)
            {
                continue;
            }

            var values = new double[grid.Count];
            switch (metric)
            {
                case MetricNames.InstanceCpuUsage:
                    FillCpu(instance, grid, values);
                    break;
                case MetricNames.InstanceRamUsage:
                    FillRam(instance, grid, values);
                    break;
                case MetricNames.InstanceL3CacheUsage:
                    cpu ??= new double[grid.Count];
                    FillCpu(instance, grid, cpu);
                    FillL3(instance, grid, cpu, values);
                    break;
                case MetricNames.InstanceRamAllocated:
                    Array.Fill(values, (double)instance.MemoryMb);
                    break;
                case MetricNames.InstanceRootDiskSize:
                    Array.Fill(values, (double)instance.DiskGb);
                    break;
                default:
                    return result;
            }

            result[id] = values;
        }

        return result;
    }

    /// <summary>The series of one metric for some hosts, from the instances on each host at each sample; unknown hosts and metrics are absent.</summary>
    public IReadOnlyDictionary<string, double[]> Hosts(IEnumerable<string> hostIds, string metric, DateTimeOffset start, TimeSpan step, int count)
    {
        ArgumentNullException.ThrowIfNull(hostIds);
        var hosts = hostIds.Distinct(StringComparer.Ordinal).Select(_cluster.FindNode).OfType<ComputeNode>().ToList();
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (hosts.Count == 0 || !MetricNames.All.Contains(metric) || !metric.StartsWith("host_", StringComparison.Ordinal))
        {
            return result;
        }

        var grid = new Grid(start, step, count);
        if (metric == MetricNames.HostInletTemp)
        {
            foreach (var host in hosts)
            {
                var values = new double[grid.Count];
                FillInlet(host, grid, values);
                result[host.Uuid] = values;
            }

            return result;
        }

        var ram = metric == MetricNames.HostRamUsage;
        var sums = SumOverInstances(hosts, grid, ram);
        foreach (var host in hosts)
        {
            var values = sums[host.Uuid];
            if (ram)
            {
                result[host.Uuid] = values;
                continue;
            }

            // values holds used vCPUs: turn it into %.
            var perVcpu = host.VCpus == 0 ? 0 : 100.0 / host.VCpus;
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = Math.Min(100, values[k] * perVcpu);
            }

            if (metric != MetricNames.HostCpuUsage)
            {
                var inlet = new double[grid.Count];
                FillInlet(host, grid, inlet);
                for (var k = 0; k < values.Length; k++)
                {
                    values[k] = metric switch
                    {
                        MetricNames.HostPower => HostPhysics.Power(host, values[k]),
                        MetricNames.HostOutletTemp => HostPhysics.Outlet(inlet[k], values[k]),
                        _ => HostPhysics.Airflow(inlet[k], values[k]),
                    };
                }
            }

            result[host.Uuid] = values;
        }

        return result;
    }

    /// <summary>Used vCPUs (or RAM in KiB) per host per sample, from each active instance while it was on the host.</summary>
    private Dictionary<string, double[]> SumOverInstances(List<ComputeNode> hosts, Grid grid, bool ram)
    {
        var sums = hosts.ToDictionary(h => h.Uuid, _ => new double[grid.Count], StringComparer.Ordinal);
        var buffer = new double[grid.Count];
        foreach (var instance in _cluster.Instances)
        {
            if (instance.State != InstanceState.Active)
            {
                continue;
            }

            var segments = Segments(instance);
            if (!segments.Any(s => sums.ContainsKey(s.Host)))
            {
                continue;
            }

            if (ram)
            {
                FillRam(instance, grid, buffer);
            }
            else
            {
                FillCpu(instance, grid, buffer);
            }

            var scale = ram ? 1024.0 : instance.VCpus / 100.0;
            foreach (var (host, from, to) in segments)
            {
                if (!sums.TryGetValue(host, out var sum))
                {
                    continue;
                }

                var k0 = grid.IndexAtOrAfter(from);
                var k1 = grid.IndexAtOrAfter(to);
                for (var k = k0; k < k1; k++)
                {
                    sum[k] += buffer[k] * scale;
                }
            }
        }

        return sums;
    }

    /// <summary>Where the instance was: (host, from, to) intervals covering all time, from its placement changes.</summary>
    private List<(string Host, DateTimeOffset From, DateTimeOffset To)> Segments(Instance instance)
    {
        if (!_moves.TryGetValue(instance.Uuid, out var moves))
        {
            return [(instance.HostUuid, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)];
        }

        var segments = new List<(string, DateTimeOffset, DateTimeOffset)>(moves.Count + 1);
        var from = DateTimeOffset.MinValue;
        foreach (var move in moves)
        {
            segments.Add((move.FromHost, from, move.At));
            from = move.At;
        }

        segments.Add((instance.HostUuid, from, DateTimeOffset.MaxValue));
        return segments;
    }

    private void FillCpu(Instance instance, Grid grid, double[] values)
    {
        var key = SeededNoise.Hash(_seed, "cpu|" + instance.Uuid);
        var baseline = instance.Metrics.TryGetValue(MetricNames.InstanceCpuUsage, out var b) ? b : 30;
        var amplitude = 0.15 + (0.25 * SeededNoise.Unit(key, 1));
        var peak = 2 * Math.PI * (10 + (8 * SeededNoise.Unit(key, 2))) / 24;
        var (sinPeak, cosPeak) = Math.SinCos(peak);
        var weekendDip = 0.1 + (0.25 * SeededNoise.Unit(key, 3));
        var slope = -0.05 + (0.15 * SeededNoise.Unit(key, 4));
        var noiseKey = SeededNoise.Mix(key ^ 0x5EEDUL);
        var incidentKey = SeededNoise.Mix(key ^ 0x1C1DUL);
        _groupOf.TryGetValue(instance.Uuid, out var group);
        for (var k = 0; k < grid.Count; k++)
        {
            var daily = 1 + (amplitude * ((grid.Cos[k] * cosPeak) + (grid.Sin[k] * sinPeak)));
            var weekly = grid.Weekend[k] ? 1 - weekendDip : 1 + (0.4 * weekendDip);
            var trend = Math.Clamp(1 + (slope * grid.TrendMonths[k]), 0.5, 1.5);
            var noise = 1 + (0.06 * SeededNoise.Signed(noiseKey, grid.Unix[k]));
            var v = baseline * daily * weekly * trend * noise;
            if (SeededNoise.Unit(incidentKey, grid.Hour[k]) < IncidentProbabilityPerHour)
            {
                v += (100 - v) * 0.7;
            }

            if (group is not null && group.Covers(grid.HourOfWeek[k]))
            {
                v = Math.Max(v, group.PeakCpu + (2 * SeededNoise.Signed(noiseKey, ~grid.Unix[k])));
            }

            values[k] = Math.Clamp(v, 0, 100);
        }
    }

    private void FillRam(Instance instance, Grid grid, double[] values)
    {
        var key = SeededNoise.Hash(_seed, "ram|" + instance.Uuid);
        var baseline = instance.Metrics.TryGetValue(MetricNames.InstanceRamUsage, out var b) ? b : instance.MemoryMb * 0.5;
        var amplitude = 0.03 + (0.07 * SeededNoise.Unit(key, 1));
        var (sinPeak, cosPeak) = Math.SinCos(2 * Math.PI * (10 + (8 * SeededNoise.Unit(key, 2))) / 24);
        var slope = -0.02 + (0.06 * SeededNoise.Unit(key, 4));
        var noiseKey = SeededNoise.Mix(key ^ 0x5EEDUL);
        for (var k = 0; k < grid.Count; k++)
        {
            var daily = 1 + (amplitude * ((grid.Cos[k] * cosPeak) + (grid.Sin[k] * sinPeak)));
            var trend = Math.Clamp(1 + (slope * grid.TrendMonths[k]), 0.5, 1.5);
            var v = baseline * daily * trend * (1 + (0.02 * SeededNoise.Signed(noiseKey, grid.Unix[k])));
            values[k] = Math.Clamp(v, 0, instance.MemoryMb);
        }
    }

    private static void FillL3(Instance instance, Grid grid, double[] cpu, double[] values)
    {
        var baselineCpu = Math.Max(1, instance.Metrics.TryGetValue(MetricNames.InstanceCpuUsage, out var c) ? c : 30);
        var baseline = instance.Metrics.TryGetValue(MetricNames.InstanceL3CacheUsage, out var b) ? b : ClusterGenerator.L3Cache(instance);
        for (var k = 0; k < grid.Count; k++)
        {
            values[k] = Math.Clamp(baseline * (0.6 + (0.4 * cpu[k] / baselineCpu)), 0, 4 * baseline);
        }
    }

    private void FillInlet(ComputeNode host, Grid grid, double[] values)
    {
        var inletBase = HostPhysics.InletBase(_seed, _racks.GetValueOrDefault(host.Uuid));
        var key = SeededNoise.Hash(_seed, "inlet|" + host.Uuid);
        // Warmest mid-afternoon (15:00 UTC).
        var (sinPeak, cosPeak) = Math.SinCos(2 * Math.PI * 15 / 24);
        for (var k = 0; k < grid.Count; k++)
        {
            values[k] = inletBase + (0.6 * ((grid.Cos[k] * cosPeak) + (grid.Sin[k] * sinPeak))) + (0.15 * SeededNoise.Signed(key, grid.Unix[k]));
        }
    }

    /// <summary>
    /// Plants the weekly jobs on the initial placement: hosts with a moderate mean (10–55 % CPU) and at least two active
    /// instances, in seeded order; on each, the largest instances join the job until the host is projected at 90 % during
    /// the window (with its other instances at 60 % of their mean, the low point of their daily cycle).
    /// </summary>
    private SimulatorGroundTruth Plant()
    {
        const double peakCpu = 95;
        var initialHost = _cluster.Instances.ToDictionary(i => i.Uuid, i => HostAt(i.Uuid, DateTimeOffset.MinValue)!, StringComparer.Ordinal);
        var onHost = _cluster.Instances.Where(i => i.State == InstanceState.Active)
            .GroupBy(i => initialHost[i.Uuid], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.VCpus).ThenBy(i => i.Uuid, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        double Used(Instance i, double factor) => i.VCpus * factor * i.Metrics.GetValueOrDefault(MetricNames.InstanceCpuUsage) / 100;
        var candidates = _cluster.Hosts
            .Where(h => h.VCpus > 0 && onHost.TryGetValue(h.Uuid, out var list) && list.Count >= 2)
            .Where(h => onHost[h.Uuid].Sum(i => Used(i, 1)) / h.VCpus * 100 is >= 10 and <= 55)
            .OrderBy(h => SeededNoise.Hash(_seed, "plant|" + h.Uuid))
            .ToList();
        var groups = new List<CoPeakingGroup>();
        var next = 0;
        foreach (var (name, startHour, hours, hostCount) in PlantedJobs)
        {
            var members = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            while (members.Count < hostCount && next < candidates.Count)
            {
                var host = candidates[next++];
                var instances = onHost[host.Uuid];
                var chosen = new List<Instance>();
                foreach (var instance in instances)
                {
                    chosen.Add(instance);
                    var projected = (instances.Except(chosen).Sum(i => Used(i, 0.6)) + chosen.Sum(i => i.VCpus * peakCpu / 100)) / host.VCpus * 100;
                    if (projected >= 90)
                    {
                        members[host.Uuid] = chosen.Select(i => i.Uuid).ToList();
                        break;
                    }
                }
            }

            if (members.Count >= 2)
            {
                groups.Add(new CoPeakingGroup
                {
                    Name = name,
                    InstanceUuids = members.Values.SelectMany(m => m).ToList(),
                    MembersByHost = members,
                    StartHourOfWeek = startHour,
                    Hours = hours,
                    PeakCpu = peakCpu,
                    ExpectedHostPeak = 85,
                });
            }
        }

        return new SimulatorGroundTruth
        {
            Groups = groups,
            HotRackHosts = _racks.Where(r => r.Value == HostPhysics.HotRack).Select(r => r.Key).Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>The sample grid with the per-sample quantities every series needs, computed once per query.</summary>
    private sealed class Grid
    {
        private const long MondayEpochSeconds = 4 * 86400; // 1970-01-05 was a Monday.
        private readonly long _startTicks;
        private readonly long _stepTicks;

        public Grid(DateTimeOffset start, TimeSpan step, int count)
        {
            if (step <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(step), "The step must be positive.");
            }

            Count = Math.Clamp(count, 0, MaxSamples);
            _startTicks = start.UtcTicks;
            _stepTicks = step.Ticks;
            Unix = new long[Count];
            Cos = new double[Count];
            Sin = new double[Count];
            Weekend = new bool[Count];
            HourOfWeek = new int[Count];
            Hour = new long[Count];
            TrendMonths = new double[Count];
            var startUnix = start.ToUnixTimeMilliseconds() / 1000.0;
            var stepSeconds = step.TotalSeconds;
            var anchor = TrendAnchor.ToUnixTimeSeconds();
            for (var k = 0; k < Count; k++)
            {
                var t = startUnix + (k * stepSeconds);
                var seconds = (long)Math.Floor(t);
                Unix[k] = seconds;
                var ofDay = ((t % 86400) + 86400) % 86400;
                (Sin[k], Cos[k]) = Math.SinCos(2 * Math.PI * ofDay / 86400);
                var ofWeek = (((seconds - MondayEpochSeconds) % 604800) + 604800) % 604800;
                HourOfWeek[k] = (int)(ofWeek / 3600);
                Weekend[k] = HourOfWeek[k] >= 5 * 24;
                Hour[k] = (long)Math.Floor(t / 3600);
                TrendMonths[k] = (t - anchor) / (30 * 86400.0);
            }
        }

        public int Count { get; }

        public long[] Unix { get; }

        public double[] Cos { get; }

        public double[] Sin { get; }

        public bool[] Weekend { get; }

        public int[] HourOfWeek { get; }

        public long[] Hour { get; }

        public double[] TrendMonths { get; }

        /// <summary>The first sample index whose time is at or after <paramref name="at"/>, clamped to [0, Count].</summary>
        public int IndexAtOrAfter(DateTimeOffset at)
        {
            if (at == DateTimeOffset.MinValue)
            {
                return 0;
            }

            if (at == DateTimeOffset.MaxValue)
            {
                return Count;
            }

            var offset = at.UtcTicks - _startTicks;
            if (offset <= 0)
            {
                return 0;
            }

            var index = (offset + _stepTicks - 1) / _stepTicks;
            return (int)Math.Min(Count, index);
        }
    }
}
