using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// A plain first-fit-decreasing consolidation, the baseline every consolidation strategy must match or beat:
/// hosts are drained least-loaded first (load = sum of used/capacity shares of vCPU, RAM and disk); a host is
/// drained only if all of its instances can move (largest first, normalized flavor size), each to the first host
/// with room in most-loaded-first order. Sources are the in-scope hosts that are up; destinations are the in-scope,
/// schedulable hosts that already run instances and are not drained. Drains are all-or-nothing, so every migration
/// releases a host. Cost O((n + m) log n) for n hosts and m instances.
/// </summary>
public static class FirstFitDecreasing
{
    /// <summary>Runs the baseline. <paramref name="canMove"/> defaults to <see cref="InstanceMobility.CanMigrate"/>; the audit scope and watcher_exclude are always honoured.</summary>
    public static FirstFitDecreasingResult Consolidate(ClusterModel cluster, AuditScope? scope = null, Func<Instance, bool>? canMove = null)
    {
        var filter = new ScopeFilter(cluster, scope ?? AuditScope.All);
        var ledger = new ConsolidationLedger(cluster);
        var drained = Drain(ledger, filter, canMove ?? InstanceMobility.CanMigrate);
        var sequenced = MigrationSequencer.Sequence(ledger);
        var released = drained.Select(ledger.Host).Where(sequenced.EndsEmpty).ToList();
        return new FirstFitDecreasingResult(released, sequenced.Moves);
    }

    /// <summary>Drains hosts on <paramref name="ledger"/> from its current state; returns the drained hosts (indexes) in order.</summary>
    internal static List<int> Drain(ConsolidationLedger ledger, ScopeFilter scope, Func<Instance, bool> canMove)
    {
        var hosts = Enumerable.Range(0, ledger.HostCount)
            .Where(h => ledger.Host(h).State == NodeState.Up && scope.IsNodeInScope(ledger.Host(h)))
            .ToList();
        var load = new double[ledger.HostCount];
        foreach (var h in hosts)
        {
            load[h] = Load(ledger.Used(h), ledger.Capacity(h));
        }

        var mean = Mean(hosts.Select(ledger.Capacity));
        var byLoadDescending = hosts.OrderByDescending(h => load[h]).ThenBy(h => h).ToList();
        ledger.SetOrder(byLoadDescending);
        foreach (var h in hosts)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable && ledger.CountOn(h) > 0);
        }

        var drained = new List<int>();
        foreach (var source in hosts.Where(h => ledger.CountOn(h) > 0).OrderBy(h => load[h]).ThenBy(h => h).ToList())
        {
            var instances = ledger.InstancesOn(source);
            if (instances.Count == 0 || instances.Any(i => !canMove(ledger.Instance(i)) || !scope.IsInstanceMovable(ledger.Instance(i))))
            {
                continue;
            }

            var ordered = instances.OrderByDescending(i => Size(ledger.Instance(i).Demand, mean)).ThenBy(i => i).ToList();
            if (TryDrain(ledger, source, ordered, i => ledger.FirstFit(i, 0, ledger.OrderCount, source)))
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

    internal static double Load(Resources used, Resources capacity) =>
        Share(used.VCpus, capacity.VCpus) + Share(used.MemoryMb, capacity.MemoryMb) + Share(used.DiskGb, capacity.DiskGb);

    private static double Size(Resources demand, Resources mean) =>
        Share(demand.VCpus, mean.VCpus) + Share(demand.MemoryMb, mean.MemoryMb) + Share(demand.DiskGb, mean.DiskGb);

    private static double Share(double amount, double capacity) => capacity <= 0 ? 0 : amount / capacity;

    private static Resources Mean(IEnumerable<Resources> capacities)
    {
        var total = Resources.Zero;
        var count = 0;
        foreach (var c in capacities)
        {
            total += c;
            count++;
        }

        return count == 0 ? new Resources(1, 1, 1) : new Resources(total.VCpus / count, total.MemoryMb / count, total.DiskGb / count);
    }
}
