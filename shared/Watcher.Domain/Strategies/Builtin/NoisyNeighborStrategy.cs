using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>noisy_neighbor</c> strategy (goal noisy_neighbor): on each node, find the highest-priority instance whose
/// L3 cache occupancy dropped by more than <c>cache_threshold</c> % since the previous period and the lowest-priority
/// instance whose occupancy grew by more than that, and live-migrate that noisy neighbour to a node without such a pair.
/// Priority is the instance's <c>watcher-priority</c> (1 is the most important; 5 when unset). Both periods are read
/// from the instance's <c>instance_l3_cache_usage</c> series over the last 2 × <c>period</c> (the strategy's
/// <see cref="History"/>): the mean of the last period against the mean of the one before, as Watcher's
/// <c>2 · mean(2·period) − mean(period)</c> does; without a series, from the aggregated metric and
/// <see cref="PreviousCacheMetric"/>.
/// </summary>
public sealed class NoisyNeighborStrategy : Strategy<NoisyNeighborParameters>, IStrategy
{
    /// <summary>Watcher's granularity for the L3 cache queries (s): the history step is at most this.</summary>
    public const double MaxStepSeconds = 300;

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

    /// <summary>The L3 cache series over both periods: 2 × <c>period</c> at a step that divides the period and is at most <see cref="MaxStepSeconds"/>.</summary>
    public HistoryRequirement? History(JsonObject parameters)
    {
        var p = Parameters.Bind<NoisyNeighborParameters>(parameters, Name);
        var (period, step) = Grid(p.Period);
        return new HistoryRequirement([MetricNames.InstanceL3CacheUsage], TimeSpan.FromSeconds(2 * period), TimeSpan.FromSeconds(step));
    }

    protected override StrategyResult Execute(StrategyContext context, NoisyNeighborParameters parameters)
    {
        var cluster = context.Cluster;
        var threshold = parameters.CacheThreshold / 100.0;
        var warnings = new List<string>();
        var pairs = new List<Pair>();
        var examined = 0;
        var caches = new Dictionary<string, (double Current, double Previous)>(StringComparer.Ordinal);
        var (period, step) = Grid(parameters.Period);
        var perPeriod = (int)Math.Round(period / step);
        foreach (var node in cluster.Hosts)
        {
            if (!context.Scope.IsNodeInScope(node) || cluster.InstancesOn(node.Uuid).Count < 2)
            {
                continue;
            }

            foreach (var instance in cluster.InstancesOn(node.Uuid))
            {
                examined++;
                if (Cache(context, instance, perPeriod) is { } cache)
                {
                    caches[instance.Uuid] = cache;
                }
            }

            if (FindPair(cluster, context.Scope, node, threshold, caches) is { } pair)
            {
                pairs.Add(pair);
            }
        }

        if (examined > 0 && caches.Count == 0)
        {
            warnings.Add($"No {MetricNames.InstanceL3CacheUsage} for both periods on any of the {examined} instance(s) sharing a node: the datasource served no {MetricNames.InstanceL3CacheUsage} history over the last 2 × {parameters.Period} s (nor {PreviousCacheMetric}), so no noisy neighbour could be looked for.");
        }
        else if (caches.Count < examined)
        {
            warnings.Add($"{examined - caches.Count} instance(s) have no {MetricNames.InstanceL3CacheUsage} for both periods and were skipped.");
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
                new("relieved_nodes_ratio", "Share of the nodes with a noisy neighbour that the plan relieves.", "%", pairs.Count == 0 ? 0 : 100.0 * actions.Count / pairs.Count),
            ],
        };
    }

    /// <summary>
    /// Watcher's scan of one node: instances by priority (most important first, model order on ties); the first whose
    /// cache fell is the victim; the noisy one is searched from the least important end, stopping at the victim.
    /// </summary>
    private static Pair? FindPair(ClusterModel cluster, ScopeFilter scope, ComputeNode node, double threshold, Dictionary<string, (double Current, double Previous)> caches)
    {
        var ordered = cluster.InstancesOn(node.Uuid).OrderBy(PriorityOf).ToList();
        for (var p = 0; p < ordered.Count; p++)
        {
            if (!caches.TryGetValue(ordered[p].Uuid, out var victim) || !(victim.Current < (1 - threshold) * victim.Previous))
            {
                continue;
            }

            for (var n = ordered.Count - 1; n > p; n--)
            {
                var candidate = ordered[n];
                if (!scope.IsInstanceMovable(candidate) || candidate.State != InstanceState.Active)
                {
                    continue;
                }

                if (caches.TryGetValue(candidate.Uuid, out var noisy) && noisy.Current > (1 + threshold) * noisy.Previous)
                {
                    return new Pair(node, ordered[p], candidate, PriorityOf(ordered[p]));
                }
            }

            return null;
        }

        return null;
    }

    private static double PriorityOf(Instance instance) => instance.Metrics.GetValueOrDefault(PriorityKey, DefaultPriority);

    /// <summary>The period (s, at least 1) and a step that divides it into whole steps of at most <see cref="MaxStepSeconds"/>.</summary>
    private static (double Period, double Step) Grid(double periodSeconds)
    {
        var period = Math.Max(1, periodSeconds);
        return (period, period / Math.Ceiling(period / MaxStepSeconds));
    }

    /// <summary>
    /// Current and previous-period L3 cache occupancy, or null when either is missing (Watcher skips the instance): from
    /// the history series (the last <paramref name="perPeriod"/> samples against the ones before, NaN gaps ignored) when
    /// there is one, else from the metrics view.
    /// </summary>
    private static (double Current, double Previous)? Cache(StrategyContext context, Instance instance, int perPeriod)
    {
        if (context.History.Series(MetricResource.Instance, instance.Uuid, MetricNames.InstanceL3CacheUsage) is { Count: >= 2 } series)
        {
            var k = series.Count >= 2 * perPeriod ? perPeriod : series.Count / 2;
            var current = Mean(series.Values, series.Count - k, series.Count);
            var previous = Mean(series.Values, series.Count - (2 * k), series.Count - k);
            return current is { } c && previous is { } p ? (c, p) : null;
        }

        return context.Metrics.Instance(instance.Uuid, MetricNames.InstanceL3CacheUsage) is { } now
            && context.Metrics.Instance(instance.Uuid, PreviousCacheMetric) is { } before
                ? (now, before)
                : null;
    }

    private static double? Mean(double[] values, int from, int to)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                sum += values[i];
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    private sealed record Pair(ComputeNode Node, Instance Victim, Instance Noisy, double Priority);
}
