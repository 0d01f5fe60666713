namespace Watcher.Optimization.Consolidation;

/// <summary>
/// A proven lower bound on the number of active hosts: every pinned host stays active; the movable demand that the
/// pinned hosts' spare room cannot absorb needs, for each resource, at least as many further hosts as the fewest of
/// the largest remaining capacities that cover it (a host that cannot receive only counts the room its own instances
/// use). The bound is the pinned count plus the largest of the three. O(H log H).
/// </summary>
internal static class LowerBound
{
    public static int ActiveHosts(ConsolidationProblem problem)
    {
        var pinned = 0;
        var extra = 0;
        var ownDemand = new long[problem.HostCount][];
        for (var h = 0; h < problem.HostCount; h++)
        {
            ownDemand[h] = new long[ConsolidationProblem.Dims];
            foreach (var m in problem.HomeOf[h])
            {
                for (var r = 0; r < ConsolidationProblem.Dims; r++)
                {
                    ownDemand[h][r] += problem.Demand[m][r];
                }
            }

            pinned += problem.Pinned[h] ? 1 : 0;
        }

        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            long remaining = 0;
            for (var m = 0; m < problem.MovableCount; m++)
            {
                remaining += problem.Demand[m][r];
            }

            var room = new List<long>();
            for (var h = 0; h < problem.HostCount; h++)
            {
                var usable = problem.CanReceive[h]
                    ? Math.Max(0, problem.Capacity[h][r] - problem.FixedLoad[h][r])
                    : ownDemand[h][r];
                if (problem.Pinned[h])
                {
                    remaining -= usable;
                }
                else if (usable > 0)
                {
                    room.Add(usable);
                }
            }

            if (remaining <= 0)
            {
                continue;
            }

            room.Sort((a, b) => b.CompareTo(a));
            var needed = 0;
            foreach (var size in room)
            {
                if (remaining <= 0)
                {
                    break;
                }

                remaining -= size;
                needed++;
            }

            extra = Math.Max(extra, needed);
        }

        if (pinned == 0 && problem.MovableCount > 0)
        {
            extra = Math.Max(extra, 1);
        }

        return pinned + extra;
    }
}
