using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// <c>periodic_contention_balance</c> (goal workload_balancing; no Watcher counterpart): builds each instance's
/// hour-of-week profile from its history, sums them per host into a projected weekly load, and finds the hosts that
/// exceed <c>threshold</c> % in some hour because instances whose peaks coincide share them (a host can look moderate
/// on average and still be saturated every Monday morning — what <c>workload_balance</c>, which works from means, cannot
/// see). For each such host it looks for the fewest migrations that bring every hour under the threshold: exactly for up
/// to <see cref="MaxExactMoves"/> moves per host (every subset of its instances, the one moving the least peak load
/// first), greedily beyond. A destination must be enabled, up and in scope, have room for the flavor (vCPU, RAM, disk)
/// and stay under the threshold in every hour with the instance added, so no move creates a new contention.
/// </summary>
public sealed class PeriodicContentionBalanceStrategy : Strategy<PeriodicContentionBalanceParameters>, IStrategy
{
    /// <summary>Subsets up to this size are searched exhaustively per contended host; larger needs fall back to greedy moves.</summary>
    public const int MaxExactMoves = 3;

    /// <summary>Upper bound on the subsets examined per host and size, so huge hosts stay fast.</summary>
    private const int MaxSubsets = 50_000;

    /// <summary>Upper bound on the resolving subsets whose placement is tried per host and size (each try scans the hosts).</summary>
    private const int MaxPlacementTries = 200;

    private const int Hours = WeeklyProfiles.Hours;

    public override string Name => "periodic_contention_balance";

    public override string DisplayName => "Periodic Contention Balance";

    public override string GoalName => GoalCatalog.WorkloadBalancing;

    public override ParameterSchema Parameters => PeriodicContentionBalanceParameters.Schema;

    /// <inheritdoc />
    public HistoryRequirement? History(JsonObject parameters)
    {
        var p = Parameters.Bind<PeriodicContentionBalanceParameters>(parameters, Name);
        return new HistoryRequirement([p.Metrics], TimeSpan.FromSeconds(p.Period), TimeSpan.FromSeconds(p.Granularity));
    }

    protected override StrategyResult Execute(StrategyContext context, PeriodicContentionBalanceParameters parameters)
    {
        var run = new Run(context, parameters);
        return run.Execute();
    }

    /// <summary>One execution's state: hosts, instance profiles (in load units: busy vCPUs or MB) and the projected host loads.</summary>
    private sealed class Run
    {
        private readonly StrategyContext _context;
        private readonly string _metric;
        private readonly double _threshold;
        private readonly bool _isCpu;
        private readonly List<ComputeNode> _hosts = [];
        private readonly List<double[]> _load = [];
        private readonly List<double> _size = [];
        private readonly List<double> _limit = [];
        private readonly Dictionary<string, double[]> _profile = new(StringComparer.Ordinal);
        private readonly HashSet<string> _moved = new(StringComparer.Ordinal);
        private readonly HashSet<int> _touched = [];
        private readonly List<ProposedAction> _actions = [];
        private readonly List<string> _warnings = [];
        private readonly Placement _placement;

        public Run(StrategyContext context, PeriodicContentionBalanceParameters parameters)
        {
            _context = context;
            _metric = parameters.Metrics;
            _threshold = parameters.Threshold;
            _isCpu = _metric == MetricNames.InstanceCpuUsage;
            _placement = new Placement(context.Cluster);
        }

        public StrategyResult Execute()
        {
            var cluster = _context.Cluster;
            foreach (var node in cluster.Hosts)
            {
                var size = _isCpu ? node.VCpus : node.MemoryMb;
                if (node.State == NodeState.Up && _context.Scope.IsNodeInScope(node) && size > 0)
                {
                    _hosts.Add(node);
                    _size.Add(size);
                    _limit.Add(_threshold / 100.0 * size);
                    _load.Add(new double[Hours]);
                }
            }

            var instances = 0;
            var missing = 0;
            for (var k = 0; k < _hosts.Count; k++)
            {
                foreach (var instance in cluster.InstancesOn(_hosts[k].Uuid))
                {
                    instances++;
                    if (_context.History.Series(MetricResource.Instance, instance.Uuid, _metric) is not { } series
                        || WeeklyProfiles.HourOfWeekMean(series) is var raw && !WeeklyProfiles.HasData(raw))
                    {
                        missing++;
                        continue;
                    }

                    var scale = _isCpu ? instance.VCpus / 100.0 : 1.0;
                    var profile = WeeklyProfiles.FillGaps(raw);
                    for (var h = 0; h < Hours; h++)
                    {
                        profile[h] = Math.Max(0, profile[h] * scale);
                        _load[k][h] += profile[h];
                    }

                    _profile[instance.Uuid] = profile;
                }
            }

            if (instances > 0 && missing == instances)
            {
                _warnings.Add($"No {_metric} history for any of the {instances} instance(s) in scope: periodic_contention_balance needs their hour-of-week series (the audit's datasource must serve {_metric} over the period), so no contention could be looked for.");
            }
            else if (missing > 0)
            {
                _warnings.Add($"{missing} instance(s) have no {_metric} history: they count as no load and are not moved.");
            }

            var before = _load.Select(l => (double[])l.Clone()).ToList();
            var contended = Enumerable.Range(0, _hosts.Count).Where(Contended).ToList();
            foreach (var k in contended.OrderByDescending(k => Peak(_load[k]) / _size[k]).ThenBy(k => k))
            {
                _touched.Add(k);
                Resolve(k);
            }

            var hoursBefore = ContentionHours(before);
            var hoursAfter = ContentionHours(_load);
            var profiles = _touched.Order()
                .Select(k => new ProjectedProfile(_hosts[k].Uuid, _hosts[k].Hostname, _metric, Utilisation(before[k], k), Utilisation(_load[k], k), _threshold))
                .ToList();
            return new StrategyResult
            {
                Actions = _actions,
                Warnings = _warnings,
                ProjectedProfiles = profiles,
                EfficacyIndicators =
                [
                    new("instance_migrations_count", "The number of VM migrations to be performed.", null, _actions.Count),
                    new("instances_count", "The total number of audited instances in strategy.", null, instances),
                    new("contended_hosts_count", "Hosts whose projected hour-of-week load exceeded the threshold before the plan.", null, contended.Count),
                    new("projected_peak_before", "Highest projected hour-of-week utilisation of any audited host before the plan.", "%", PeakUtilisation(before)),
                    new("projected_peak_after", "Highest projected hour-of-week utilisation of any audited host after the plan.", "%", PeakUtilisation(_load)),
                    new("contention_hours_before", "Host-hours of the week above the threshold before the plan.", null, hoursBefore),
                    new("contention_hours_removed", "Host-hours of the week above the threshold that the plan removes.", null, hoursBefore - hoursAfter),
                ],
                GlobalEfficacy =
                [
                    new("live_migrations_count", "Ratio of migrated virtual machines to audited virtual machines", "%", instances == 0 ? 0 : 100.0 * _actions.Count / instances),
                ],
            };
        }

        private static double Peak(double[] load) => load.Max();

        private static double Tolerance(double limit) => 1e-9 * Math.Max(1, limit);

        private bool Contended(int k) => Peak(_load[k]) > _limit[k] + Tolerance(_limit[k]);

        private double[] Utilisation(double[] load, int k) => [.. load.Select(v => Math.Round(v / _size[k] * 100.0, 3))];

        private double PeakUtilisation(List<double[]> loads) =>
            loads.Count == 0 ? 0 : Enumerable.Range(0, loads.Count).Max(k => Peak(loads[k]) / _size[k] * 100.0);

        private int ContentionHours(List<double[]> loads)
        {
            var count = 0;
            for (var k = 0; k < loads.Count; k++)
            {
                count += loads[k].Count(v => v > _limit[k] + Tolerance(_limit[k]));
            }

            return count;
        }

        /// <summary>Brings host <paramref name="k"/> under the threshold in every hour with as few moves as found.</summary>
        private void Resolve(int k)
        {
            var source = _hosts[k];
            var candidates = _context.Cluster.InstancesOn(source.Uuid)
                .Where(i => _placement.HostOf(i) == source.Uuid && !_moved.Contains(i.Uuid) && _profile.ContainsKey(i.Uuid)
                    && i.State == InstanceState.Active && _context.Scope.IsInstanceMovable(i))
                .ToList();

            // An instance with no destination on its own cannot be part of any placeable set.
            var placeable = candidates.Where(i => Destination(i, k, null) >= 0).ToList();

            // The hours over the limit and by how much: a set of instances resolves the host when it covers every excess.
            var hours = Enumerable.Range(0, Hours).Where(h => _load[k][h] > _limit[k] + Tolerance(_limit[k])).ToArray();
            var excess = hours.Select(h => _load[k][h] - _limit[k]).ToArray();
            for (var size = 1; size <= Math.Min(MaxExactMoves, placeable.Count); size++)
            {
                var resolving = new List<(int[] Subset, double Moved)>();
                foreach (var subset in Subsets(placeable.Count, size).Take(MaxSubsets))
                {
                    if (Covers(subset, placeable, hours, excess))
                    {
                        resolving.Add((subset, subset.Sum(i => Peak(_profile[placeable[i].Uuid]))));
                    }
                }

                foreach (var (subset, _) in resolving.OrderBy(r => r.Moved).Take(MaxPlacementTries))
                {
                    if (TryPlace([.. subset.Select(i => placeable[i])], k) is { } moves)
                    {
                        foreach (var (instance, destination) in moves)
                        {
                            Apply(instance, k, destination);
                        }

                        return;
                    }
                }
            }

            // Greedy beyond: the move that removes the most excess, until the host is under the threshold or nothing helps.
            while (Contended(k))
            {
                (Instance Instance, int Destination, double Gain, double Peak)? best = null;
                foreach (var instance in placeable.Where(i => !_moved.Contains(i.Uuid)))
                {
                    var profile = _profile[instance.Uuid];
                    var gain = 0.0;
                    for (var h = 0; h < Hours; h++)
                    {
                        gain += Math.Min(profile[h], Math.Max(0, _load[k][h] - _limit[k]));
                    }

                    var peak = Peak(profile);
                    if (gain <= 0 || (best is { } b && (gain < b.Gain || (gain == b.Gain && peak >= b.Peak))))
                    {
                        continue;
                    }

                    var destination = Destination(instance, k, null);
                    if (destination >= 0)
                    {
                        best = (instance, destination, gain, peak);
                    }
                }

                if (best is not { } move)
                {
                    break;
                }

                Apply(move.Instance, k, move.Destination);
            }

            if (Contended(k))
            {
                var left = _load[k].Count(v => v > _limit[k] + Tolerance(_limit[k]));
                _warnings.Add($"Host {source.Hostname} stays above {_threshold}% {_metric} in {left} hour(s) of the week: no movable instance has a destination with room that stays under the threshold.");
            }
        }

        /// <summary>True when moving the subset away covers the excess of every contended hour.</summary>
        private bool Covers(int[] subset, List<Instance> candidates, int[] hours, double[] excess)
        {
            for (var j = 0; j < hours.Length; j++)
            {
                var removed = 0.0;
                foreach (var i in subset)
                {
                    removed += _profile[candidates[i].Uuid][hours[j]];
                }

                if (removed < excess[j] - 1e-9)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Destinations for every instance of the set (largest peak first, each seeing the ones placed before it), or null if one has none.</summary>
        private List<(Instance Instance, int Destination)>? TryPlace(List<Instance> set, int source)
        {
            var pending = new Tentative();
            var moves = new List<(Instance, int)>();
            foreach (var instance in set.OrderByDescending(i => Peak(_profile[i.Uuid])).ThenBy(i => i.Uuid, StringComparer.Ordinal))
            {
                var destination = Destination(instance, source, pending);
                if (destination < 0)
                {
                    return null;
                }

                pending.Add(destination, instance.Demand, _profile[instance.Uuid]);
                moves.Add((instance, destination));
            }

            return moves;
        }

        /// <summary>
        /// The enabled, in-scope host (not the source) with room for the flavor whose projected load stays under the
        /// threshold in every hour with the instance added; the one left with the lowest peak utilisation; -1 if none.
        /// </summary>
        private int Destination(Instance instance, int source, Tentative? pending)
        {
            var profile = _profile[instance.Uuid];
            var best = -1;
            var bestPeak = double.PositiveInfinity;
            for (var d = 0; d < _hosts.Count; d++)
            {
                var node = _hosts[d];
                if (d == source || !node.IsSchedulable)
                {
                    continue;
                }

                var free = _placement.Free(node);
                var extra = pending?.Load(d);
                if (pending?.Demand(d) is { } demand)
                {
                    free -= demand;
                }

                if (!instance.Demand.FitsIn(free))
                {
                    continue;
                }

                var peak = 0.0;
                var limit = _limit[d] + Tolerance(_limit[d]);
                var fits = true;
                for (var h = 0; h < Hours; h++)
                {
                    var value = _load[d][h] + profile[h] + (extra?[h] ?? 0);
                    if (value > limit)
                    {
                        fits = false;
                        break;
                    }

                    peak = Math.Max(peak, value);
                }

                var util = peak / _size[d];
                if (fits && util < bestPeak)
                {
                    best = d;
                    bestPeak = util;
                }
            }

            return best;
        }

        private void Apply(Instance instance, int source, int destination)
        {
            var profile = _profile[instance.Uuid];
            _placement.Move(instance, _hosts[destination]);
            for (var h = 0; h < Hours; h++)
            {
                _load[source][h] -= profile[h];
                _load[destination][h] += profile[h];
            }

            _moved.Add(instance.Uuid);
            _touched.Add(destination);
            _actions.Add(ActionFactory.Migrate(instance, _hosts[source], _hosts[destination], "live"));
        }

        /// <summary>Every size-<paramref name="k"/> subset of 0..n-1 in lexicographic order.</summary>
        private static IEnumerable<int[]> Subsets(int n, int k)
        {
            var index = Enumerable.Range(0, k).ToArray();
            while (true)
            {
                yield return (int[])index.Clone();
                var i = k - 1;
                while (i >= 0 && index[i] == n - k + i)
                {
                    i--;
                }

                if (i < 0)
                {
                    yield break;
                }

                index[i]++;
                for (var j = i + 1; j < k; j++)
                {
                    index[j] = index[j - 1] + 1;
                }
            }
        }
    }

    /// <summary>Moves being tried together: extra demand and weekly load per destination.</summary>
    private sealed class Tentative
    {
        private readonly Dictionary<int, (Resources Demand, double[] Load)> _by = [];

        public Resources? Demand(int host) => _by.TryGetValue(host, out var e) ? e.Demand : null;

        public double[]? Load(int host) => _by.TryGetValue(host, out var e) ? e.Load : null;

        public void Add(int host, Resources demand, double[] profile)
        {
            var (d, load) = _by.TryGetValue(host, out var e) ? e : (Resources.Zero, new double[WeeklyProfiles.Hours]);
            for (var h = 0; h < load.Length; h++)
            {
                load[h] += profile[h];
            }

            _by[host] = (d + demand, load);
        }
    }
}
