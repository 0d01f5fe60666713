using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// First-fit helpers shared by the thermal and airflow strategies: destinations are tried in the caller's order
/// (coolest first, ...), and a demand that fits nowhere is remembered so larger ones are not searched again.
/// </summary>
internal static class OrderedFirstFit
{
    private const int MaxRememberedFailures = 64;

    /// <summary>
    /// Splits the schedulable, in-scope hosts by a host metric: those at or above <paramref name="threshold"/>
    /// (highest first) and those below (lowest first), cluster order breaking ties. Hosts without the metric are
    /// counted, not used.
    /// </summary>
    public static (List<ComputeNode> Above, List<ComputeNode> Below, int WithoutMetric) SplitByMetric(StrategyContext context, string metric, double threshold)
    {
        var above = new List<(double Value, int Index, ComputeNode Node)>();
        var below = new List<(double Value, int Index, ComputeNode Node)>();
        var withoutMetric = 0;
        var index = 0;
        foreach (var node in context.Cluster.Hosts)
        {
            index++;
            if (!node.IsSchedulable || !context.Scope.IsNodeInScope(node))
            {
                continue;
            }

            if (context.Metrics.Host(node.Uuid, metric) is not { } value)
            {
                withoutMetric++;
                continue;
            }

            (value >= threshold ? above : below).Add((value, index, node));
        }

        above.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Index.CompareTo(b.Index));
        below.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Index.CompareTo(b.Index));
        return (above.Select(x => x.Node).ToList(), below.Select(x => x.Node).ToList(), withoutMetric);
    }

    /// <summary>The first target, in order, other than the instance's current node, with room for it; null if none.</summary>
    public static ComputeNode? FirstFit(Instance instance, IReadOnlyList<ComputeNode> targets, Placement placement)
    {
        var current = placement.HostOf(instance);
        foreach (var target in targets)
        {
            if (target.Uuid != current && placement.Fits(instance, target))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>
    /// Watcher's "first active instance of the first source, to the first target with room", continuing with the next
    /// instance (then the next source) when one fits nowhere instead of giving up. <paramref name="failed"/> carries the
    /// demands known to fit nowhere between calls, valid while the placement is unchanged.
    /// </summary>
    public static (Instance Instance, ComputeNode Source, ComputeNode Destination)? FirstPlaceable(
        StrategyContext context, IEnumerable<ComputeNode> sources, IReadOnlyList<ComputeNode> targets, Placement placement, List<Resources>? failed = null)
    {
        failed ??= [];
        foreach (var source in sources)
        {
            foreach (var instance in context.Cluster.InstancesOn(source.Uuid))
            {
                if (instance.State != InstanceState.Active || !context.Scope.IsInstanceMovable(instance) || Dominates(instance.Demand, failed))
                {
                    continue;
                }

                if (FirstFit(instance, targets, placement) is { } destination)
                {
                    return (instance, source, destination);
                }

                if (failed.Count < MaxRememberedFailures)
                {
                    failed.Add(instance.Demand);
                }
            }
        }

        return null;
    }

    private static bool Dominates(Resources demand, List<Resources> failed)
    {
        foreach (var f in failed)
        {
            if (demand.VCpus >= f.VCpus && demand.MemoryMb >= f.MemoryMb && demand.DiskGb >= f.DiskGb)
            {
                return true;
            }
        }

        return false;
    }
}
