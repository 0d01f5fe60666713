using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// The consolidation kernel's first-fit-decreasing drain: the baseline every consolidation strategy must match or
/// beat, and the warm start (and fallback) of CP-SAT's <c>optimal_consolidation</c>. Destinations are ranked pinned
/// first (hosts holding an instance that may not move stay active anyway), then largest (so fewer hosts hold
/// everything), then most instances, then fullest (so fewer instances move). Unpinned hosts are drained from the other
/// end of that ranking — smallest, fewest instances, emptiest first — their instances taken largest first (flavor
/// size normalised by the largest host) and each put on the first open host in rank order with room, an O(log n)
/// <see cref="FitIndex"/> query. A drain that cannot place every instance is undone, so each success releases exactly
/// one host and every migration serves a release. Sources are the in-scope hosts that are up; destinations are the
/// in-scope, schedulable hosts that already run instances and are not drained. O((n + m) log n) for n hosts and
/// m instances.
/// </summary>
public static class FirstFitDecreasing
{
    /// <summary>Runs the drain. <paramref name="canMove"/> defaults to <see cref="InstanceMobility.CanMigrate"/>; the audit scope and watcher_exclude are always honoured.</summary>
    public static FirstFitDecreasingResult Consolidate(ClusterModel cluster, AuditScope? scope = null, Func<Instance, bool>? canMove = null) =>
        Consolidate(cluster, new ScopeFilter(cluster, scope ?? AuditScope.All), canMove);

    /// <summary>As <see cref="Consolidate(ClusterModel, AuditScope?, Func{Instance, bool}?)"/> with a strategy's scope filter; the moves are sequenced (parking within the scope when a cycle needs it).</summary>
    public static FirstFitDecreasingResult Consolidate(ClusterModel cluster, ScopeFilter scope, Func<Instance, bool>? canMove = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var ledger = new ConsolidationLedger(cluster);
        var drained = Drain(ledger, scope, canMove ?? InstanceMobility.CanMigrate);
        var sequenced = MigrationSequencer.Sequence(ledger, scope);
        var released = drained.Select(ledger.Host).Where(sequenced.EndsEmpty).ToList();
        return new FirstFitDecreasingResult(released, sequenced.Moves);
    }

    /// <summary>Drains hosts on <paramref name="ledger"/> from its current state; returns the drained hosts (indexes) in order.</summary>
    internal static List<int> Drain(ConsolidationLedger ledger, ScopeFilter scope, Func<Instance, bool> canMove)
    {
        var hosts = Enumerable.Range(0, ledger.HostCount)
            .Where(h => ledger.Host(h).State == NodeState.Up && scope.IsNodeInScope(ledger.Host(h)))
            .ToList();
        var scale = Largest(hosts.Select(ledger.Capacity));
        var size = new double[ledger.HostCount];
        var fill = new double[ledger.HostCount];
        var pinned = new bool[ledger.HostCount];
        foreach (var h in hosts)
        {
            // Rounded so hosts of one model tie and the next keys decide.
            size[h] = Math.Round(Size(ledger.Capacity(h), scale), 6);
            fill[h] = Utilisation(ledger.Used(h), ledger.Capacity(h));
            pinned[h] = ledger.InstancesOn(h).Any(i => !canMove(ledger.Instance(i)) || !scope.IsInstanceMovable(ledger.Instance(i)));
        }

        var ranked = hosts
            .OrderByDescending(h => pinned[h])
            .ThenByDescending(h => size[h])
            .ThenByDescending(ledger.CountOn)
            .ThenByDescending(h => fill[h])
            .ThenBy(h => h)
            .ToList();
        ledger.SetOrder(ranked);
        foreach (var h in hosts)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable && ledger.CountOn(h) > 0);
        }

        var sources = hosts
            .Where(h => !pinned[h] && ledger.CountOn(h) > 0)
            .OrderBy(h => size[h])
            .ThenBy(ledger.CountOn)
            .ThenBy(h => fill[h])
            .ThenBy(h => h)
            .ToList();
        var drained = new List<int>();
        foreach (var source in sources)
        {
            var ordered = ledger.InstancesOn(source)
                .OrderByDescending(i => Size(ledger.Instance(i).Demand, scale))
                .ThenBy(i => i)
                .ToList();
            if (ordered.Count > 0 && TryDrain(ledger, source, ordered, i => ledger.FirstFit(i, 0, ledger.OrderCount, source)))
            {
                ledger.SetOpen(source, false);
                drained.Add(source);
            }
        }

        return drained;
    }

    /// <summary>Moves every listed instance off <paramref name="source"/> to the host <paramref name="choose"/> picks, or none of them.</summary>
    internal static bool TryDrain(ConsolidationLedger ledger, int source, IReadOnlyList<int> instances, Func<int, int> choose)
    {
        var mark = ledger.Mark();
        foreach (var instance in instances)
        {
            var destination = choose(instance);
            if (destination < 0 || destination == source)
            {
                ledger.Rollback(mark);
                return false;
            }

            ledger.Move(instance, destination);
        }

        ledger.Commit();
        return true;
    }

    /// <summary>The largest share of any resource in use (vCPU, RAM, disk).</summary>
    private static double Utilisation(Resources used, Resources capacity) =>
        Math.Max(Share(used.VCpus, capacity.VCpus), Math.Max(Share(used.MemoryMb, capacity.MemoryMb), Share(used.DiskGb, capacity.DiskGb)));

    private static double Size(Resources amount, Resources scale) =>
        Share(amount.VCpus, scale.VCpus) + Share(amount.MemoryMb, scale.MemoryMb) + Share(amount.DiskGb, scale.DiskGb);

    private static double Share(double amount, double capacity) => capacity <= 0 ? 0 : amount / capacity;

    private static Resources Largest(IEnumerable<Resources> capacities)
    {
        Resources largest = new(1, 1, 1);
        foreach (var c in capacities)
        {
            largest = new Resources(Math.Max(largest.VCpus, c.VCpus), Math.Max(largest.MemoryMb, c.MemoryMb), Math.Max(largest.DiskGb, c.DiskGb));
        }

        return largest;
    }
}
