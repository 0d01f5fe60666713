using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// The consolidation kernel's sequencer: turns a target placement (one net move per instance) into migrations that,
/// applied one by one on the original cluster, never overload a node (every step passes <see cref="Placement.Fits"/>,
/// the check <see cref="Planning.PlanVerifier"/> repeats). Moves keep their given order unless a destination needs
/// another move out of it first: a blocked move waits on its destination and is looked at again only when something
/// leaves that node, so the ordering is O(moves log moves) plus the re-checks. When nothing can go (a cycle such as
/// A→B with B→A on full nodes), one blocked instance is parked on the roomiest third node that may receive it and that
/// the plan does not release (one that ends with instances, or an empty spare) — one extra migration — which frees its
/// source; when no such node exists the blocked moves are dropped and their instances stay put.
/// </summary>
public static class MigrationSequencer
{
    /// <summary>
    /// Orders <paramref name="moves"/> (each instance at most once, from its current node) so no node is ever over
    /// capacity. <paramref name="canPark"/> says which nodes may take a parked instance (in scope and schedulable, as a
    /// destination); the sequencer further keeps to those the plan does not release. Pass <c>_ =&gt; false</c> to
    /// never park.
    /// </summary>
    public static SequencedMoves Order(ClusterModel cluster, IReadOnlyList<ConsolidationMove> moves, Func<ComputeNode, bool> canPark)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(moves);
        ArgumentNullException.ThrowIfNull(canPark);
        var placement = new Placement(cluster);
        var pending = new List<ConsolidationMove>(moves);
        var queue = new PriorityQueue<int, int>();
        var finalCount = cluster.Hosts.ToDictionary(h => h.Uuid, h => placement.InstanceCount(h.Uuid), StringComparer.Ordinal);
        var startedEmpty = finalCount.Where(p => p.Value == 0).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        for (var k = 0; k < pending.Count; k++)
        {
            var move = pending[k];
            if (move.Source.Uuid != move.Destination.Uuid)
            {
                finalCount[move.Source.Uuid]--;
                finalCount[move.Destination.Uuid]++;
                queue.Enqueue(k, k);
            }
        }

        // Parking nodes: receiving nodes the plan does not release (active at the end, or empty throughout).
        var parkable = cluster.Hosts
            .Where(h => canPark(h) && (finalCount[h.Uuid] > 0 || startedEmpty.Contains(h.Uuid)))
            .ToList();
        var waiting = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var emitted = new List<ConsolidationMove>(queue.Count);
        var parked = new List<Instance>();
        var parkedIds = new HashSet<string>(StringComparer.Ordinal);
        List<int> dropped = [];
        while (true)
        {
            while (queue.TryDequeue(out var k, out _))
            {
                var move = pending[k];
                if (placement.Fits(move.Instance, move.Destination))
                {
                    Emit(placement, emitted, move, waiting, queue);
                }
                else
                {
                    Wait(waiting, move.Destination.Uuid, k);
                }
            }

            if (waiting.Count == 0)
            {
                break;
            }

            // Deadlock: park one blocked instance on a third node, or give up on every blocked move.
            var blocked = waiting.Values.SelectMany(w => w).Order().ToList();
            var unblocked = false;
            foreach (var k in blocked.Where(k => !parkedIds.Contains(pending[k].Instance.Uuid)))
            {
                var move = pending[k];
                var via = parkable
                    .Where(h => h.Uuid != move.Source.Uuid && h.Uuid != move.Destination.Uuid && placement.Fits(move.Instance, h))
                    .OrderByDescending(h => Room(placement.Free(h), h.Capacity))
                    .FirstOrDefault();
                if (via is null)
                {
                    continue;
                }

                waiting[move.Destination.Uuid].Remove(k);
                if (waiting[move.Destination.Uuid].Count == 0)
                {
                    waiting.Remove(move.Destination.Uuid);
                }

                Emit(placement, emitted, move with { Destination = via }, waiting, queue);
                pending[k] = move with { Source = via };
                queue.Enqueue(k, k);
                parked.Add(move.Instance);
                parkedIds.Add(move.Instance.Uuid);
                unblocked = true;
                break;
            }

            if (!unblocked)
            {
                dropped = blocked;
                break;
            }
        }

        return new SequencedMoves(emitted, [.. dropped.Select(k => pending[k])], parked, placement);
    }

    /// <summary>A ledger's committed journal as net moves (A→B then B→C is A→C; A→B then B→A disappears, as Watcher's solution optimization does), ordered.</summary>
    internal static SequencedMoves Sequence(ConsolidationLedger ledger, ScopeFilter? scope = null)
    {
        var netIndex = new Dictionary<int, int>();
        var moves = new List<(int Instance, int From, int To)>();
        foreach (var move in ledger.Journal)
        {
            if (netIndex.TryGetValue(move.Instance, out var k))
            {
                moves[k] = moves[k] with { To = move.To };
            }
            else
            {
                netIndex[move.Instance] = moves.Count;
                moves.Add((move.Instance, move.From, move.To));
            }
        }

        var net = moves
            .Where(m => m.From != m.To)
            .Select(m => new ConsolidationMove(ledger.Instance(m.Instance), ledger.Host(m.From), ledger.Host(m.To)))
            .ToList();
        return Order(ledger.Cluster, net, node => scope is not null && scope.IsNodeInScope(node) && node.IsSchedulable);
    }

    private static void Emit(Placement placement, List<ConsolidationMove> emitted, ConsolidationMove move, Dictionary<string, List<int>> waiting, PriorityQueue<int, int> queue)
    {
        placement.Move(move.Instance, move.Destination);
        emitted.Add(move);
        if (waiting.Remove(move.Source.Uuid, out var woken))
        {
            foreach (var w in woken)
            {
                queue.Enqueue(w, w);
            }
        }
    }

    private static void Wait(Dictionary<string, List<int>> waiting, string node, int k)
    {
        if (!waiting.TryGetValue(node, out var list))
        {
            list = [];
            waiting[node] = list;
        }

        list.Add(k);
    }

    /// <summary>The tightest free share of a node over vCPU, RAM and disk.</summary>
    private static double Room(Resources free, Resources capacity) =>
        Math.Min(Share(free.VCpus, capacity.VCpus), Math.Min(Share(free.MemoryMb, capacity.MemoryMb), Share(free.DiskGb, capacity.DiskGb)));

    private static double Share(double free, double capacity) => capacity <= 0 ? 0 : free / capacity;
}
