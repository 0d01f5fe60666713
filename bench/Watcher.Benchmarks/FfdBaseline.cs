using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Benchmarks;

/// <summary>
/// The consolidation baseline: a first-fit-decreasing drain. Hosts are ranked by utilisation (mean of the vCPU, RAM and
/// disk shares of their allocatable capacity); the least loaded non-empty host is drained, its instances largest first,
/// each onto the first (fullest) other open schedulable host with room; a drain that cannot place everything is undone.
/// Returns the hosts released and the migrations, in order (checked with PlanVerifier by the runner). Capacity only:
/// no metrics, scope or migration limits. O(I log H) in practice.
/// </summary>
public static class FfdBaseline
{
    public static FfdOutcome Run(ClusterModel cluster)
    {
        var hosts = cluster.Hosts;
        var n = hosts.Count;
        var free = new Resources[n];
        var contents = new List<Instance>[n];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var h = 0; h < n; h++)
        {
            index[hosts[h].Uuid] = h;
            free[h] = hosts[h].Capacity;
            contents[h] = [];
        }

        foreach (var instance in cluster.Instances)
        {
            var h = index[instance.HostUuid];
            free[h] -= instance.Demand;
            contents[h].Add(instance);
        }

        var utilisation = Enumerable.Range(0, n).Select(h => Share(hosts[h].Capacity - free[h], hosts[h].Capacity)).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(h => utilisation[h]).ThenBy(h => h).ToArray();
        var slotOf = new int[n];
        for (var slot = 0; slot < n; slot++)
        {
            slotOf[order[slot]] = slot;
        }

        var tree = new MaxFreeTree(n);
        for (var h = 0; h < n; h++)
        {
            if (hosts[h].IsSchedulable)
            {
                tree.Set(slotOf[h], free[h]);
            }
        }

        var scale = new Resources(
            Math.Max(1, hosts.Max(h => h.Capacity.VCpus)),
            Math.Max(1, hosts.Max(h => h.Capacity.MemoryMb)),
            Math.Max(1, hosts.Max(h => h.Capacity.DiskGb)));
        var released = 0;
        var actions = new List<ProposedAction>();
        var moves = new List<(int Target, Instance Instance)>();
        foreach (var source in Enumerable.Range(0, n).Where(h => contents[h].Count > 0).OrderBy(h => utilisation[h]).ThenBy(h => h))
        {
            tree.Set(slotOf[source], null);
            moves.Clear();
            var ok = true;
            foreach (var instance in contents[source].OrderByDescending(i => Share(i.Demand, scale)).ThenBy(i => i.Uuid, StringComparer.Ordinal))
            {
                var slot = tree.FirstFit(instance.Demand);
                if (slot < 0)
                {
                    ok = false;
                    break;
                }

                var target = order[slot];
                free[target] -= instance.Demand;
                tree.Set(slot, free[target]);
                moves.Add((target, instance));
            }

            if (ok)
            {
                foreach (var (target, instance) in moves)
                {
                    contents[target].Add(instance);
                    actions.Add(ActionFactory.Migrate(instance, hosts[source], hosts[target], instance.State == InstanceState.Active ? "live" : "cold"));
                }

                contents[source].Clear();
                released++;
                continue;
            }

            foreach (var (target, instance) in moves)
            {
                free[target] += instance.Demand;
                tree.Set(slotOf[target], free[target]);
            }

            if (hosts[source].IsSchedulable)
            {
                tree.Set(slotOf[source], free[source]);
            }
        }

        return new FfdOutcome(released, actions);
    }

    private static double Share(Resources amount, Resources capacity) =>
        ((capacity.VCpus <= 0 ? 0 : amount.VCpus / capacity.VCpus)
        + (capacity.MemoryMb <= 0 ? 0 : amount.MemoryMb / capacity.MemoryMb)
        + (capacity.DiskGb <= 0 ? 0 : amount.DiskGb / capacity.DiskGb)) / 3;
}
