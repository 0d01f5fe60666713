using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>workload_stabilization</c> strategy (goal workload_balancing): when the standard deviation of the hosts'
/// normalised CPU and/or RAM load exceeds a threshold, simulate moving each instance to candidate hosts, keep the moves
/// that lower the weighted standard deviation, and apply them best first while they still improve it. Variances are
/// updated incrementally from per-metric sums and sums of squares (O(1) per simulated move instead of O(hosts)); a full
/// search walks per-size-class load orders with a threshold-algorithm bound; moves never overload a host.
/// </summary>
public sealed class WorkloadStabilizationStrategy : Strategy<WorkloadStabilizationParameters>
{
    private const string Cpu = MetricNames.InstanceCpuUsage;
    private const string Ram = MetricNames.InstanceRamUsage;
    private const double Epsilon = 1e-12;

    /// <summary>Hosts per size class a full search re-examines when applying a move (the simulation itself is exact).</summary>
    private const int ReSearchBudget = 64;

    public override string Name => "workload_stabilization";

    public override string DisplayName => "Workload stabilization";

    public override string GoalName => GoalCatalog.WorkloadBalancing;

    public override ParameterSchema Parameters => WorkloadStabilizationParameters.Schema;

    public override IReadOnlyList<string> RequiredMetrics { get; } = [MetricNames.HostCpuUsage, Cpu, Ram, MetricNames.HostRamUsage];

    protected override StrategyResult Execute(StrategyContext context, WorkloadStabilizationParameters parameters)
    {
        var settings = Settings.From(parameters);
        var cluster = context.Cluster;
        var metricCount = settings.Metrics.Count;
        var warnings = new List<string>();

        // Hosts: up, enabled, in scope, with every host metric; ordered by uuid as Watcher's sorted(nodes).
        var hosts = new List<ComputeNode>();
        var loads = new List<double[]>();
        var hostsWithoutMetrics = 0;
        foreach (var node in cluster.Hosts.Where(h => h.IsSchedulable && context.Scope.IsNodeInScope(h) && h.VCpus > 0 && h.MemoryMb > 0).OrderBy(h => h.Uuid, StringComparer.Ordinal))
        {
            var load = new double[metricCount];
            var complete = true;
            for (var m = 0; m < metricCount && complete; m++)
            {
                var hostMetric = settings.HostMetrics[m];
                if (context.Metrics.Host(node.Uuid, hostMetric) is not { } value)
                {
                    complete = false;
                    break;
                }

                value = hostMetric switch
                {
                    MetricNames.HostRamUsage => value / 1024.0,
                    MetricNames.HostCpuUsage => value / 100.0,
                    _ => value,
                };
                load[m] = settings.Metrics[m] == Ram ? value / node.MemoryMb : value;
            }

            if (complete)
            {
                hosts.Add(node);
                loads.Add(load);
            }
            else
            {
                hostsWithoutMetrics++;
            }
        }

        if (hostsWithoutMetrics > 0)
        {
            warnings.Add($"{hostsWithoutMetrics} host(s) lack a host metric ({string.Join(", ", settings.HostMetrics)}) and are left out of the balance.");
        }

        var state = new LoadState(hosts, loads, settings);
        var instancesCount = cluster.Instances.Count(i => cluster.FindNode(i.HostUuid) is { } host && context.Scope.IsNodeInScope(host));
        var sdBefore = state.WeightedSd();
        var placement = new Placement(cluster);
        var actions = new List<ProposedAction>();
        if (state.Triggered())
        {
            var free = state.Hosts.Select(placement.Free).ToArray();
            var classes = settings.HostChoice == "fullsearch" ? HardwareClass.Build(state) : null;
            var entries = Simulate(context, settings, state, free, classes, warnings);
            Apply(entries, state, placement, free, classes, actions);
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            // Not Watcher's workload_stabilization planner: it gives migrations no parents, so a move into a host can
            // start before the move that frees room there and overload it mid-run. The default (conflict) planner
            // orders moves by the capacity they free and is still highly parallel.
            Planner = null,
            EfficacyIndicators =
            [
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, actions.Count),
                new("instances_count", "The total number of audited instances in strategy.", null, instancesCount),
                new("standard_deviation_after_audit", "The value of resulted standard deviation.", null, state.WeightedSd()),
                new("standard_deviation_before_audit", "The value of original standard deviation.", null, sdBefore),
            ],
            GlobalEfficacy =
            [
                new("live_migrations_count", "Ratio of migrated virtual machines to audited virtual machines", "%", instancesCount == 0 ? 0 : 100.0 * actions.Count / instancesCount),
            ],
        };
    }

    /// <summary>Watcher's simulate_migrations: for every candidate instance, the destination that lowers the weighted SD most.</summary>
    private static List<Candidate> Simulate(StrategyContext context, Settings settings, LoadState state, Resources[] free, List<HardwareClass>? classes, List<string> warnings)
    {
        var hosts = state.Hosts;
        var count = hosts.Count;
        var entries = new List<Candidate>();
        if (count < 2)
        {
            return entries;
        }

        var current = state.WeightedSd();
        var deltaSource = new double[settings.Metrics.Count];
        var instancesWithoutMetrics = 0;
        for (var s = 0; s < count; s++)
        {
            var cycle = 0;
            foreach (var instance in context.Cluster.InstancesOn(hosts[s].Uuid))
            {
                if (!context.Scope.IsInstanceMovable(instance) || instance.State is not (InstanceState.Active or InstanceState.Paused))
                {
                    continue;
                }

                // Watcher advances the host generator before it reads the instance's metrics.
                var cycleTarget = cycle++ % (count - 1);
                var instanceLoad = InstanceLoad(context, settings, instance);
                if (instanceLoad is null)
                {
                    instancesWithoutMetrics++;
                    continue;
                }

                var move = new Move(state, instance, instanceLoad, s, deltaSource);
                var best = new Candidate(current, instance, s, -1, entries.Count);
                switch (settings.HostChoice)
                {
                    case "cycle":
                        best = Consider(best, move, Skip(cycleTarget, s), free);
                        break;
                    case "retry":
                        foreach (var pick in Sample(instance.Uuid, count - 1, settings.RetryCount))
                        {
                            best = Consider(best, move, Skip(pick, s), free);
                        }

                        break;
                    default:
                        best = HardwareClass.SearchAll(classes!, best, move, free);
                        break;
                }

                if (best.Destination >= 0)
                {
                    entries.Add(best);
                }
            }
        }

        if (instancesWithoutMetrics > 0)
        {
            warnings.Add($"{instancesWithoutMetrics} instance(s) lack an instance metric ({string.Join(", ", settings.Metrics)}) and are not moved.");
        }

        entries.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Order.CompareTo(b.Order));
        return entries;
    }

    /// <summary>
    /// Watcher's do_execute: apply simulated moves best first while they lower the current weighted SD, until a metric is
    /// balanced. With a full search each instance's destination is searched again on the current loads (the simulated
    /// one is often taken by then), so later moves still find the best host instead of being dropped.
    /// </summary>
    private static void Apply(List<Candidate> entries, LoadState state, Placement placement, Resources[] free, List<HardwareClass>? classes, List<ProposedAction> actions)
    {
        var minSd = state.WeightedSd();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        var deltaSource = new double[state.MetricCount];
        foreach (var entry in entries)
        {
            if (moved.Contains(entry.Instance.Uuid))
            {
                continue;
            }

            var move = new Move(state, entry.Instance, entry.Load!, entry.Source, deltaSource);
            int target;
            double value;
            if (classes is not null)
            {
                var best = HardwareClass.SearchAll(classes, entry with { Value = minSd, Destination = -1 }, move, free, ReSearchBudget);
                (target, value) = (best.Destination, best.Value);
            }
            else if (placement.Fits(entry.Instance, state.Hosts[entry.Destination]))
            {
                (target, value) = (entry.Destination, move.Evaluate(entry.Destination));
            }
            else
            {
                continue;
            }

            if (target >= 0 && value < minSd - Epsilon)
            {
                var destination = state.Hosts[target];
                minSd = value;
                var sourceBefore = Enumerable.Range(0, state.MetricCount).Select(m => state.Load(m, entry.Source)).ToArray();
                var targetBefore = Enumerable.Range(0, state.MetricCount).Select(m => state.Load(m, target)).ToArray();
                state.Apply(move, target);
                classes?[state.ClassOf[entry.Source]].Moved(entry.Source, sourceBefore);
                classes?[state.ClassOf[target]].Moved(target, targetBefore);
                placement.Move(entry.Instance, destination);
                free[entry.Source] += entry.Instance.Demand;
                free[target] -= entry.Instance.Demand;
                moved.Add(entry.Instance.Uuid);
                actions.Add(ActionFactory.Migrate(entry.Instance, state.Hosts[entry.Source], destination, "live"));
            }

            if (state.AnyBalanced())
            {
                break;
            }
        }
    }

    private static Candidate Consider(Candidate best, Move move, int destination, Resources[] free)
    {
        if (!move.Instance.Demand.FitsIn(free[destination]))
        {
            return best;
        }

        var value = move.Evaluate(destination);
        return value < best.Value - Epsilon || (Math.Abs(value - best.Value) <= Epsilon && best.Destination >= 0 && destination < best.Destination)
            ? best with { Value = value, Destination = destination, Load = move.Load }
            : best;
    }

    /// <summary>Maps an index over the other hosts (all but <paramref name="source"/>) to a host index.</summary>
    private static int Skip(int index, int source) => index < source ? index : index + 1;

    /// <summary>Instance load per metric: CPU as a fraction of one vCPU times its vCPUs (the caller divides by the host's), RAM in MB.</summary>
    private static double[]? InstanceLoad(StrategyContext context, Settings settings, Instance instance)
    {
        var load = new double[settings.Metrics.Count];
        for (var m = 0; m < load.Length; m++)
        {
            if (context.Metrics.Instance(instance.Uuid, settings.Metrics[m]) is not { } value)
            {
                return null;
            }

            load[m] = Math.Max(0, settings.Metrics[m] == Cpu ? value / 100.0 * instance.VCpus : value);
        }

        return load;
    }

    /// <summary>
    /// Watcher's <c>random.sample(nodes, retry_count)</c> made deterministic: Floyd's sampling of <paramref name="k"/>
    /// distinct indexes below <paramref name="n"/>, seeded by the instance uuid.
    /// </summary>
    private static IEnumerable<int> Sample(string seed, int n, int k)
    {
        if (k >= n)
        {
            return Enumerable.Range(0, n);
        }

        var state = 14695981039346656037UL;
        foreach (var c in seed)
        {
            state = (state ^ c) * 1099511628211UL;
        }

        var chosen = new SortedSet<int>();
        for (var j = n - k; j < n; j++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var t = (int)(z % (ulong)(j + 1));
            chosen.Add(chosen.Contains(t) ? j : t);
        }

        return chosen;
    }

    /// <summary>One simulated migration: an instance, its host and destination, and the weighted SD it leads to.</summary>
    private sealed record Candidate(double Value, Instance Instance, int Source, int Destination, int Order)
    {
        public double[]? Load { get; init; }
    }

    /// <summary>Normalised host loads with per-metric sums and sums of squares, so a move's variance is O(1).</summary>
    private sealed class LoadState
    {
        private readonly double[][] _load;
        private readonly double[] _sum;
        private readonly double[] _squares;

        public LoadState(List<ComputeNode> hosts, List<double[]> loads, Settings settings)
        {
            Hosts = hosts;
            Settings = settings;
            MetricCount = settings.Metrics.Count;
            ClassOf = new int[hosts.Count];
            Seen = new int[hosts.Count];
            _load = new double[MetricCount][];
            _sum = new double[MetricCount];
            _squares = new double[MetricCount];
            for (var m = 0; m < MetricCount; m++)
            {
                _load[m] = new double[hosts.Count];
                for (var h = 0; h < hosts.Count; h++)
                {
                    var x = loads[h][m];
                    _load[m][h] = x;
                    _sum[m] += x;
                    _squares[m] += x * x;
                }
            }
        }

        public List<ComputeNode> Hosts { get; }

        public Settings Settings { get; }

        public int MetricCount { get; }

        /// <summary>Each host's hardware class index (filled when a full search builds the classes).</summary>
        public int[] ClassOf { get; }

        /// <summary>Per-host marks of the current full-search pass, compared with <see cref="Stamp"/>.</summary>
        public int[] Seen { get; }

        public int Stamp { get; set; }

        public double Load(int metric, int host) => _load[metric][host];

        public double Sum(int metric) => _sum[metric];

        public double Squares(int metric) => _squares[metric];

        public double Sd(int metric) => Deviation(_sum[metric], _squares[metric], Hosts.Count);

        public double WeightedSd()
        {
            var total = 0.0;
            for (var m = 0; m < MetricCount; m++)
            {
                total += Sd(m) * Settings.Weights[m];
            }

            return total;
        }

        /// <summary>Watcher's check_threshold: some metric's SD is above its threshold.</summary>
        public bool Triggered()
        {
            for (var m = 0; m < MetricCount; m++)
            {
                if (Sd(m) > Settings.Thresholds[m])
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Watcher's stop rule: some metric's SD has fallen below its threshold.</summary>
        public bool AnyBalanced()
        {
            for (var m = 0; m < MetricCount; m++)
            {
                if (Sd(m) < Settings.Thresholds[m])
                {
                    return true;
                }
            }

            return false;
        }

        public void Apply(Move move, int destination)
        {
            for (var m = 0; m < MetricCount; m++)
            {
                var ds = move.SourceDelta(m);
                var dd = move.DestinationDelta(m, destination);
                var xs = _load[m][move.Source];
                var xd = _load[m][destination];
                _sum[m] += dd - ds;
                _squares[m] += ((xs - ds) * (xs - ds)) - (xs * xs) + ((xd + dd) * (xd + dd)) - (xd * xd);
                _load[m][move.Source] = xs - ds;
                _load[m][destination] = xd + dd;
            }
        }

        public static double Deviation(double sum, double squares, int count)
        {
            if (count == 0)
            {
                return 0;
            }

            var mean = sum / count;
            return Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
        }
    }

    /// <summary>An instance leaving its host: the source side of the variance update is fixed, only the destination varies.</summary>
    private readonly struct Move
    {
        private readonly LoadState _state;
        private readonly double[] _sourceDelta;

        public Move(LoadState state, Instance instance, double[] load, int source, double[] sourceDelta)
        {
            _state = state;
            Instance = instance;
            Load = load;
            Source = source;
            _sourceDelta = sourceDelta;
            for (var m = 0; m < state.MetricCount; m++)
            {
                sourceDelta[m] = Delta(m, source);
            }
        }

        public Instance Instance { get; }

        public double[] Load { get; }

        public int Source { get; }

        public double SourceDelta(int metric) => _sourceDelta[metric];

        public double DestinationDelta(int metric, int destination) => Delta(metric, destination);

        /// <summary>The SD of one metric after the move, given the destination's load and the load it receives.</summary>
        public double MetricSd(int metric, double destinationLoad, double destinationDelta)
        {
            var ds = _sourceDelta[metric];
            var xs = _state.Load(metric, Source);
            var sum = _state.Sum(metric) - ds + destinationDelta;
            var squares = _state.Squares(metric) - (2 * xs * ds) + (ds * ds) + (destinationDelta * ((2 * destinationLoad) + destinationDelta));
            return LoadState.Deviation(sum, squares, _state.Hosts.Count);
        }

        public double Evaluate(int destination)
        {
            var total = 0.0;
            for (var m = 0; m < _state.MetricCount; m++)
            {
                total += _state.Settings.Weights[m] * MetricSd(m, _state.Load(m, destination), Delta(m, destination));
            }

            return total;
        }

        private double Delta(int metric, int host)
        {
            var node = _state.Hosts[host];
            return _state.Settings.Metrics[metric] == Cpu ? Load[metric] / node.VCpus : Load[metric] / node.MemoryMb;
        }
    }

    /// <summary>
    /// Hosts of one size (vCPUs, RAM): a given instance adds the same normalised load to each, and the SD after the move
    /// grows with the destination's load in every metric. Each class keeps its hosts sorted by each metric's load and a
    /// search walks those lists in step (Fagin's threshold algorithm): a host not yet seen is at least as loaded as the
    /// current depth of every list, so once the score at those depths cannot beat the best found, the search stops.
    /// </summary>
    private sealed class HardwareClass
    {
        private readonly LoadState _state;
        private readonly SortedSet<(double Load, int Host)>[] _orders;
        private readonly int _representative;

        private HardwareClass(LoadState state, int index, IReadOnlyList<int> hosts)
        {
            _state = state;
            Index = index;
            _representative = hosts[0];
            _orders = new SortedSet<(double Load, int Host)>[state.MetricCount];
            for (var m = 0; m < state.MetricCount; m++)
            {
                _orders[m] = new SortedSet<(double Load, int Host)>(hosts.Select(h => (state.Load(m, h), h)));
            }

            foreach (var h in hosts)
            {
                state.ClassOf[h] = index;
            }
        }

        public int Index { get; }

        public static List<HardwareClass> Build(LoadState state) =>
            Enumerable.Range(0, state.Hosts.Count)
                .GroupBy(h => (state.Hosts[h].VCpus, state.Hosts[h].MemoryMb))
                .Select((g, i) => new HardwareClass(state, i, g.ToList()))
                .ToList();

        public static Candidate SearchAll(List<HardwareClass> classes, Candidate best, Move move, Resources[] free, int budget = int.MaxValue)
        {
            foreach (var hardware in classes)
            {
                best = hardware.Search(best, move, free, budget);
            }

            return best;
        }

        /// <summary>Keeps the sorted lists right after a host's loads changed from <paramref name="previous"/>.</summary>
        public void Moved(int host, double[] previous)
        {
            for (var m = 0; m < _state.MetricCount; m++)
            {
                _orders[m].Remove((previous[m], host));
                _orders[m].Add((_state.Load(m, host), host));
            }
        }

        private Candidate Search(Candidate best, Move move, Resources[] free, int budget)
        {
            var metrics = _state.MetricCount;
            var stamp = ++_state.Stamp;
            var seen = _state.Seen;
            var lists = new SortedSet<(double Load, int Host)>.Enumerator[metrics];
            var depth = new double[metrics];
            var delta = new double[metrics];
            for (var m = 0; m < metrics; m++)
            {
                lists[m] = _orders[m].GetEnumerator();
                delta[m] = move.DestinationDelta(m, _representative);
            }

            while (true)
            {
                var advanced = false;
                for (var m = 0; m < metrics; m++)
                {
                    if (!lists[m].MoveNext())
                    {
                        continue;
                    }

                    advanced = true;
                    var (load, h) = lists[m].Current;
                    depth[m] = load;
                    if (seen[h] != stamp)
                    {
                        seen[h] = stamp;
                        if (h != move.Source)
                        {
                            best = Consider(best, move, h, free);
                        }
                    }
                }

                if (!advanced || (budget -= metrics) <= 0)
                {
                    return best;
                }

                var bound = 0.0;
                for (var m = 0; m < metrics; m++)
                {
                    bound += _state.Settings.Weights[m] * move.MetricSd(m, depth[m], delta[m]);
                }

                if (bound >= best.Value - Epsilon)
                {
                    return best;
                }
            }
        }
    }

    /// <summary>The strategy's parameters indexed by metric position (the schema has checked names, bounds and uniqueness).</summary>
    private sealed record Settings(IReadOnlyList<string> Metrics, double[] Thresholds, double[] Weights, string[] HostMetrics, string HostChoice, int RetryCount)
    {
        public static Settings From(WorkloadStabilizationParameters p)
        {
            var metrics = p.Metrics;
            double Threshold(string m) => m == Cpu ? p.Thresholds.InstanceCpuUsage : p.Thresholds.InstanceRamUsage;
            double Weight(string m) => m == Cpu ? p.Weights.InstanceCpuUsageWeight : p.Weights.InstanceRamUsageWeight;
            string HostMetric(string m) => m == Cpu ? p.InstanceMetrics.InstanceCpuUsage : p.InstanceMetrics.InstanceRamUsage;
            return new Settings(
                metrics,
                [.. metrics.Select(Threshold)],
                [.. metrics.Select(Weight)],
                [.. metrics.Select(HostMetric)],
                p.HostChoice,
                p.RetryCount);
        }
    }
}
