using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Optimization.Consolidation;

/// <summary>
/// The consolidation problem in integer form: the audit's in-scope hosts (capacity floored to whole units, which is
/// exact because flavor sizes are integers), the load pinned on each, and the movable instances with their home host.
/// Hosts outside the audit scope are left out entirely: they are neither counted, emptied nor used as destinations.
/// What may move follows the domain kernel (<see cref="InstanceMobility"/>, the audit scope, hosts that are up), so the
/// kernel's first-fit-decreasing warm start is always a valid packing of this problem.
/// </summary>
internal sealed class ConsolidationProblem
{
    public const int Dims = 3;

    private readonly Dictionary<string, int> _hostIndex;
    private readonly Dictionary<string, int> _instanceIndex;

    private ConsolidationProblem(
        IReadOnlyList<ComputeNode> hosts,
        long[][] capacity,
        long[][] fixedLoad,
        bool[] pinned,
        bool[] canReceive,
        IReadOnlyList<Instance> movable,
        long[][] demand,
        int[] home)
    {
        Hosts = hosts;
        Capacity = capacity;
        FixedLoad = fixedLoad;
        Pinned = pinned;
        CanReceive = canReceive;
        Movable = movable;
        Demand = demand;
        Home = home;
        var byHome = new List<int>[hosts.Count];
        for (var h = 0; h < hosts.Count; h++)
        {
            byHome[h] = [];
        }

        for (var m = 0; m < home.Length; m++)
        {
            byHome[home[m]].Add(m);
        }

        HomeOf = byHome;
        _hostIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var h = 0; h < hosts.Count; h++)
        {
            _hostIndex[hosts[h].Uuid] = h;
        }

        _instanceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < movable.Count; m++)
        {
            _instanceIndex[movable[m].Uuid] = m;
        }
    }

    /// <summary>In-scope hosts, in the cluster's order.</summary>
    public IReadOnlyList<ComputeNode> Hosts { get; }

    /// <summary>Per host and resource (vCPU, MB, GB): the whole units that may be allocated.</summary>
    public long[][] Capacity { get; }

    /// <summary>Per host and resource: the demand of instances that stay where they are whatever the plan.</summary>
    public long[][] FixedLoad { get; }

    /// <summary>Hosts holding an instance that cannot move: they stay active.</summary>
    public bool[] Pinned { get; }

    /// <summary>Hosts that may receive instances: schedulable (up and enabled) and not over capacity now.</summary>
    public bool[] CanReceive { get; }

    public IReadOnlyList<Instance> Movable { get; }

    /// <summary>Per movable instance and resource: its flavor demand.</summary>
    public long[][] Demand { get; }

    /// <summary>Per movable instance: the index of the host it is on now.</summary>
    public int[] Home { get; }

    /// <summary>Per host: the movable instances it holds now.</summary>
    public IReadOnlyList<List<int>> HomeOf { get; }

    public int HostCount => Hosts.Count;

    public int MovableCount => Home.Length;

    /// <summary>True when the instance may end on the host: its home, or a receiving host with room for it alone.</summary>
    public bool Allowed(int m, int h)
    {
        if (h == Home[m])
        {
            return true;
        }

        if (!CanReceive[h])
        {
            return false;
        }

        for (var r = 0; r < Dims; r++)
        {
            if (Demand[m][r] > Capacity[h][r] - FixedLoad[h][r])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index of a movable instance, by uuid.</summary>
    public int InstanceIndex(string uuid) => _instanceIndex[uuid];

    /// <summary>The index of an in-scope host, by uuid.</summary>
    public int HostIndex(string uuid) => _hostIndex[uuid];

    /// <summary>True when the node is in scope and may receive instances (<see cref="CanReceive"/>).</summary>
    public bool Receives(ComputeNode node) => _hostIndex.TryGetValue(node.Uuid, out var h) && CanReceive[h];

    public static ConsolidationProblem Build(StrategyContext context)
    {
        var cluster = context.Cluster;
        var hosts = cluster.Hosts.Where(context.Scope.IsNodeInScope).ToList();
        var n = hosts.Count;
        var capacity = new long[n][];
        var fixedLoad = new long[n][];
        var pinned = new bool[n];
        var canReceive = new bool[n];
        var movable = new List<Instance>();
        var demand = new List<long[]>();
        var home = new List<int>();
        for (var h = 0; h < n; h++)
        {
            var node = hosts[h];
            var cap = node.Capacity;
            capacity[h] = [Floor(cap.VCpus), Floor(cap.MemoryMb), Floor(cap.DiskGb)];
            fixedLoad[h] = new long[Dims];
            var load = new long[Dims];
            foreach (var instance in cluster.InstancesOn(node.Uuid))
            {
                long[] d = [instance.VCpus, instance.MemoryMb, instance.DiskGb];
                for (var r = 0; r < Dims; r++)
                {
                    load[r] += d[r];
                }

                var canMove = node.State == NodeState.Up && context.Scope.IsInstanceMovable(instance) && InstanceMobility.CanMigrate(instance);
                if (canMove)
                {
                    movable.Add(instance);
                    demand.Add(d);
                    home.Add(h);
                }
                else
                {
                    pinned[h] = true;
                    for (var r = 0; r < Dims; r++)
                    {
                        fixedLoad[h][r] += d[r];
                    }
                }
            }

            var overloaded = false;
            for (var r = 0; r < Dims; r++)
            {
                overloaded |= load[r] > capacity[h][r];
            }

            canReceive[h] = node.IsSchedulable && !overloaded;
        }

        return new ConsolidationProblem(hosts, capacity, fixedLoad, pinned, canReceive, movable, [.. demand], [.. home]);
    }

    private static long Floor(double value) => value <= 0 ? 0 : (long)Math.Floor(value + 1e-9);
}
