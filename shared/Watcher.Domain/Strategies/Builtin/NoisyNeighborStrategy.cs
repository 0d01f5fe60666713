using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>noisy_neighbor</c> strategy (goal noisy_neighbor): on each node, find the highest-priority instance whose
/// L3 cache occupancy dropped by more than <c>cache_threshold</c> % since the previous period and the lowest-priority
/// instance whose occupancy grew by more than that, and live-migrate that noisy neighbour to a node without such a pair.
/// Priority is the instance's <c>watcher-priority</c> (1 is the most important; 5 when unset).
/// </summary>
public sealed class NoisyNeighborStrategy : Strategy<NoisyNeighborParameters>
{
    /// <summary>The metadata key carrying an instance's priority (lower is more important).</summary>
    public const string PriorityKey = "watcher-priority";

    /// <summary>Watcher's priority for instances without <see cref="PriorityKey"/>.</summary>
    public const double DefaultPriority = 5;

    /// <summary>
    /// Mean L3 cache occupancy (KB) over the period before the audit period. Watcher derives it from two queries
    /// (<c>2 · mean(2·period) − mean(period)</c>); here the metrics view serves it under this name.
    /// </summary>
    public const string PreviousCacheMetric = "instance_l3_cache_usage_previous";

    public override string Name => "noisy_neighbor";

    public override string DisplayName => "Noisy Neighbor";

    public override string GoalName => GoalCatalog.NoisyNeighbor;

    public override ParameterSchema Parameters => NoisyNeighborParameters.Schema;

    public override IReadOnlyList<string> RequiredMetrics => [MetricNames.InstanceL3CacheUsage];

    protected override StrategyResult Execute(StrategyContext context, NoisyNeighborParameters parameters)
    {
        var cluster = context.Cluster;
        var threshold = parameters.CacheThreshold / 100.0;
        var warnings = new List<string>();
        var pairs = new List<Pair>();
        foreach (var node in cluster.Hosts)
        {
            if (!context.Scope.IsNodeInScope(node) || cluster.InstancesOn(node.Uuid).Count < 2)
            {
                continue;
            }

            if (FindPair(context, node, threshold) is { } pair)
            {
                pairs.Add(pair);
            }
        }

        var releasing = pairs.Select(p => p.Node.Uuid).ToHashSet(StringComparer.Ordinal);
        var placement = new Placement(cluster);
        var picker = new FreeRamDestinationPicker(placement, cluster.Hosts.Where(n =>
            n.IsSchedulable && context.Scope.IsNodeInScope(n) && !releasing.Contains(n.Uuid)));
        var actions = new List<ProposedAction>();
        foreach (var pair in pairs.OrderBy(p => p.Priority).ThenBy(p => p.Node.Hostname, StringComparer.Ordinal))
        {
            var destination = picker.Pick(pair.Noisy);
            if (destination is null)
            {
                warnings.Add($"Noisy instance {pair.Noisy.Uuid} ({pair.Noisy.Name}) on {pair.Node.Hostname} could not be placed: no enabled node in scope without a noisy neighbour has room for it.");
                continue;
            }

            picker.Move(pair.Noisy, destination);
            picker.Remove(destination);
            actions.Add(ActionFactory.Migrate(pair.Noisy, pair.Node, destination, "live"));
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("noisy_instances_count", "The number of noisy neighbours found hurting a higher-priority instance.", null, pairs.Count),
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, actions.Count),
            ],
            GlobalEfficacy =
            [
                new("relieved_nodes_ratio", "Share of the nodes with a noisy neighbour that the plan relieves.", "%", pairs.Count == 0 ? 100 : 100.0 * actions.Count / pairs.Count),
            ],
        };
    }

    /// <summary>
    /// Watcher's scan of one node: instances by priority (most important first, model order on ties); the first whose
    /// cache fell is the victim; the noisy one is searched from the least important end, stopping at the victim.
    /// </summary>
    private static Pair? FindPair(StrategyContext context, ComputeNode node, double threshold)
    {
        var ordered = context.Cluster.InstancesOn(node.Uuid).OrderBy(PriorityOf).ToList();
        for (var p = 0; p < ordered.Count; p++)
        {
            if (Cache(context, ordered[p]) is not { } victim || !(victim.Current < (1 - threshold) * victim.Previous))
            {
                continue;
            }

            for (var n = ordered.Count - 1; n > p; n--)
            {
                var candidate = ordered[n];
                if (!context.Scope.IsInstanceMovable(candidate) || candidate.State != InstanceState.Active)
                {
                    continue;
                }

                if (Cache(context, candidate) is { } noisy && noisy.Current > (1 + threshold) * noisy.Previous)
                {
                    return new Pair(node, ordered[p], candidate, PriorityOf(ordered[p]));
                }
            }

            return null;
        }

        return null;
    }

    private static double PriorityOf(Instance instance) => instance.Metrics.GetValueOrDefault(PriorityKey, DefaultPriority);

    /// <summary>Current and previous-period L3 cache occupancy, or null when either is missing (Watcher skips the instance).</summary>
    private static (double Current, double Previous)? Cache(StrategyContext context, Instance instance) =>
        context.Metrics.Instance(instance.Uuid, MetricNames.InstanceL3CacheUsage) is { } current
        && context.Metrics.Instance(instance.Uuid, PreviousCacheMetric) is { } previous
            ? (current, previous)
            : null;

    private sealed record Pair(ComputeNode Node, Instance Victim, Instance Noisy, double Priority);
}
