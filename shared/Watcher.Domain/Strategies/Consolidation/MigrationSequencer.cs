using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// Turns a ledger's committed moves into the plan's migrations: one net move per instance (A→B then B→C becomes
/// A→C, A→B then B→A disappears, as Watcher's solution optimization does), ordered so that applying them one by one
/// on the original cluster never overloads a node. Moves keep the order of their first appearance unless a
/// destination needs another move out of it first; a move that can never be applied is returned as dropped (the
/// algorithms here do not produce any, but the plan stays safe if one did).
/// </summary>
internal static class MigrationSequencer
{
    public static SequencedMoves Sequence(ConsolidationLedger ledger)
    {
        var netIndex = new Dictionary<int, int>();
        var origins = new List<int>();
        var finals = new List<int>();
        var instances = new List<int>();
        foreach (var move in ledger.Journal)
        {
            if (netIndex.TryGetValue(move.Instance, out var k))
            {
                finals[k] = move.To;
            }
            else
            {
                netIndex[move.Instance] = instances.Count;
                instances.Add(move.Instance);
                origins.Add(move.From);
                finals.Add(move.To);
            }
        }

        var placement = new Placement(ledger.Cluster);
        var queue = new PriorityQueue<int, int>();
        for (var k = 0; k < instances.Count; k++)
        {
            if (origins[k] != finals[k])
            {
                queue.Enqueue(k, k);
            }
        }

        var waiting = new Dictionary<int, List<int>>();
        var emitted = new List<ConsolidationMove>(queue.Count);
        while (queue.TryDequeue(out var k, out _))
        {
            var instance = ledger.Instance(instances[k]);
            var destination = ledger.Host(finals[k]);
            if (placement.Fits(instance, destination))
            {
                placement.Move(instance, destination);
                emitted.Add(new ConsolidationMove(instance, ledger.Host(origins[k]), destination));
                if (waiting.Remove(origins[k], out var woken))
                {
                    foreach (var w in woken)
                    {
                        queue.Enqueue(w, w);
                    }
                }
            }
            else
            {
                if (!waiting.TryGetValue(finals[k], out var list))
                {
                    list = [];
                    waiting[finals[k]] = list;
                }

                list.Add(k);
            }
        }

        var dropped = waiting.Values.SelectMany(w => w).Order()
            .Select(k => new ConsolidationMove(ledger.Instance(instances[k]), ledger.Host(origins[k]), ledger.Host(finals[k])))
            .ToList();
        return new SequencedMoves(emitted, dropped, placement);
    }
}
