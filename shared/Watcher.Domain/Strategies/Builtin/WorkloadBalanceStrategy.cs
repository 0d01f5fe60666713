using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>workload_balance</c> strategy (goal workload_balancing): a host whose CPU or RAM utilisation, summed
/// from its instances' metrics, is at or above <c>threshold</c> % sheds the active instance that brings it closest to
/// (but not below) the cluster's average workload, onto the least-utilised host that stays under the threshold and has
/// room. Watcher plans one migration per audit; we repeat that step on the projected placement until no overloaded host
/// can shed anything, which is the state a series of continuous audits would reach.
/// </summary>
public sealed class WorkloadBalanceStrategy : Strategy<WorkloadBalanceParameters>
{
    private const string Cpu = MetricNames.InstanceCpuUsage;
    private const string Ram = MetricNames.InstanceRamUsage;

    public override string Name => "workload_balance";

    public override string DisplayName => "Workload Balance Migration Strategy";

    public override string GoalName => GoalCatalog.WorkloadBalancing;

    public override ParameterSchema Parameters => WorkloadBalanceParameters.Schema;

    public override IReadOnlyList<string> RequiredMetrics { get; } = [Cpu, Ram];

    protected override StrategyResult Execute(StrategyContext context, WorkloadBalanceParameters parameters)
    {
        var cluster = context.Cluster;
        var meter = parameters.Metrics;
        var threshold = parameters.Threshold;
        var isCpu = meter == Cpu;

        // Available nodes: up, enabled, in scope, with a positive size for the metric's denominator.
        var nodes = new List<ComputeNode>();
        foreach (var node in cluster.Hosts)
        {
            if (node.IsSchedulable && context.Scope.IsNodeInScope(node) && Size(node, isCpu) > 0)
            {
                nodes.Add(node);
            }
        }

        var instancesCount = cluster.Instances.Count(i => cluster.FindNode(i.HostUuid) is { } host && context.Scope.IsNodeInScope(host));
        var n = nodes.Count;
        var workload = new double[n];
        var size = new double[n];
        var instanceLoad = new Dictionary<string, double>(StringComparer.Ordinal);
        var missing = 0;
        var total = 0.0;
        var maxSize = 0.0;
        for (var k = 0; k < n; k++)
        {
            size[k] = Size(nodes[k], isCpu);
            maxSize = Math.Max(maxSize, size[k]);
            foreach (var instance in cluster.InstancesOn(nodes[k].Uuid))
            {
                if (context.Metrics.Instance(instance.Uuid, meter) is not { } value)
                {
                    missing++;
                    continue;
                }

                var load = isCpu ? value * instance.VCpus / 100.0 : value;
                instanceLoad[instance.Uuid] = load;
                workload[k] += load;
            }

            total += workload[k];
        }

        var warnings = new List<string>();
        if (missing > 0)
        {
            warnings.Add($"{missing} instance(s) have no {meter} metric: they count as no load and are not moved.");
        }

        var average = n == 0 ? 0 : total / n;
        double Util(int k) => workload[k] / size[k] * 100.0;
        var sdBefore = StandardDeviation(n, Util);

        // Sources: util >= threshold, highest first. Targets: util < threshold, lowest first. Ties keep cluster order.
        var byUtil = Comparer<(double Util, int Index)>.Create((a, b) => a.Util != b.Util ? a.Util.CompareTo(b.Util) : a.Index.CompareTo(b.Index));
        var sources = new SortedSet<(double Util, int Index)>(Comparer<(double Util, int Index)>.Create((a, b) => byUtil.Compare((-a.Util, a.Index), (-b.Util, b.Index))));
        var targets = new SortedSet<(double Util, int Index)>(byUtil);
        for (var k = 0; k < n; k++)
        {
            (Util(k) >= threshold ? sources : targets).Add((Util(k), k));
        }

        var placement = new Placement(cluster);
        var moved = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);

        // A demand that found no destination stays unplaceable for any workload at least as large until a new target
        // appears: targets only fill up otherwise.
        var failedDemands = new Dictionary<Resources, double>();
        var targetsVersion = 0;
        var failedVersion = 0;
        var actions = new List<ProposedAction>();
        if (sources.Count > 0 && targets.Count == 0)
        {
            warnings.Add($"No host is under the {threshold}% threshold, so no instance can be moved.");
        }

        while (sources.Count > 0 && targets.Count > 0)
        {
            var (sourceUtil, s) = sources.Min;
            var source = nodes[s];
            var instance = ChooseInstance(context, cluster.InstancesOn(source.Uuid), workload[s] - average, instanceLoad, moved, failed);
            if (instance is null)
            {
                sources.Remove((sourceUtil, s));
                continue;
            }

            var load = instanceLoad[instance.Uuid];
            if (failedVersion != targetsVersion)
            {
                failedDemands.Clear();
                failedVersion = targetsVersion;
            }

            var d = failedDemands.TryGetValue(instance.Demand, out var failedLoad) && load >= failedLoad
                ? -1
                : FindDestination(instance, load, threshold, maxSize, nodes, workload, size, targets, placement);
            if (d < 0)
            {
                failed.Add(instance.Uuid);
                failedDemands[instance.Demand] = failedDemands.TryGetValue(instance.Demand, out var f) ? Math.Min(f, load) : load;
                warnings.Add($"Instance {instance.Uuid} ({instance.Name}) on {source.Hostname} found no host with room that stays under {threshold}% {meter}.");
                continue;
            }

            var destination = nodes[d];
            placement.Move(instance, destination);
            moved.Add(instance.Uuid);
            actions.Add(ActionFactory.Migrate(instance, source, destination, "live"));

            targets.Remove((Util(d), d));
            workload[d] += load;
            targets.Add((Util(d), d));

            sources.Remove((sourceUtil, s));
            workload[s] -= load;
            if (Util(s) >= threshold)
            {
                sources.Add((Util(s), s));
            }
            else
            {
                targets.Add((Util(s), s));
                targetsVersion++;
            }
        }

        var sdAfter = StandardDeviation(n, Util);
        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, actions.Count),
                new("instances_count", "The total number of audited instances in strategy.", null, instancesCount),
                new("standard_deviation_after_audit", "The value of resulted standard deviation.", null, sdAfter),
                new("standard_deviation_before_audit", "The value of original standard deviation.", null, sdBefore),
            ],
            GlobalEfficacy =
            [
                new("live_migrations_count", "Ratio of migrated virtual machines to audited virtual machines", "%", instancesCount == 0 ? 0 : 100.0 * actions.Count / instancesCount),
            ],
        };
    }

    private static double Size(ComputeNode node, bool isCpu) => isCpu ? node.VCpus : node.MemoryMb;

    /// <summary>Watcher's choice: the active, movable instance whose workload is the largest not exceeding the host's excess over the average.</summary>
    private static Instance? ChooseInstance(StrategyContext context, IReadOnlyList<Instance> instances, double excess, Dictionary<string, double> instanceLoad, HashSet<string> moved, HashSet<string> failed)
    {
        Instance? best = null;
        var bestDelta = double.PositiveInfinity;
        foreach (var instance in instances)
        {
            if (instance.State != InstanceState.Active || moved.Contains(instance.Uuid) || failed.Contains(instance.Uuid)
                || !context.Scope.IsInstanceMovable(instance) || !instanceLoad.TryGetValue(instance.Uuid, out var load))
            {
                continue;
            }

            var delta = excess - load;
            if (delta >= 0 && delta < bestDelta)
            {
                bestDelta = delta;
                best = instance;
            }
        }

        return best;
    }

    /// <summary>The least-utilised target the instance fits on and that stays strictly under the threshold, or -1.</summary>
    private static int FindDestination(Instance instance, double load, double threshold, double maxSize, List<ComputeNode> nodes, double[] workload, double[] size, SortedSet<(double Util, int Index)> targets, Placement placement)
    {
        // (w_d + load) / size_d * 100 < threshold needs util_d < threshold - load * 100 / size_d <= threshold - load * 100 / maxSize.
        var cutoff = threshold - (load * 100.0 / maxSize);
        foreach (var (util, d) in targets)
        {
            if (util > cutoff + 1e-9)
            {
                break;
            }

            if (workload[d] + load < threshold / 100.0 * size[d] && placement.Fits(instance, nodes[d]))
            {
                return d;
            }
        }

        return -1;
    }

    private static double StandardDeviation(int count, Func<int, double> value)
    {
        if (count == 0)
        {
            return 0;
        }

        var mean = 0.0;
        for (var k = 0; k < count; k++)
        {
            mean += value(k);
        }

        mean /= count;
        var variance = 0.0;
        for (var k = 0; k < count; k++)
        {
            var diff = value(k) - mean;
            variance += diff * diff;
        }

        return Math.Sqrt(variance / count);
    }
}
