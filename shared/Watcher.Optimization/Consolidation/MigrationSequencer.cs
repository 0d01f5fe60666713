namespace Watcher.Optimization.Consolidation;

/// <summary>
/// Orders the migrations from the current placement to a target one so that no host is ever over capacity on the way.
/// Moves go in rounds: a round takes every waiting move whose destination has room counting only the moves already
/// finished (sources of the same round are not credited, so a round's moves may even run in parallel); a blocked move
/// waits on its destination and is looked at again only when something leaves that host, so the whole ordering is
/// O(moves) plus the re-checks. When nothing can go (a cycle such as A->B with B->A on full hosts), one blocked instance
/// is parked on the roomiest third host that the plan does not disable — one that stays active, or an empty spare —
/// (one extra migration), which frees its source; when no such host exists the blocked moves are skipped and their
/// instances stay put.
/// </summary>
internal static class MigrationSequencer
{
    public static MoveSequence Order(ConsolidationProblem problem, int[] target)
    {
        var n = problem.HostCount;
        var free = new long[n][];
        for (var h = 0; h < n; h++)
        {
            free[h] = new long[ConsolidationProblem.Dims];
            for (var r = 0; r < ConsolidationProblem.Dims; r++)
            {
                free[h][r] = problem.Capacity[h][r] - problem.FixedLoad[h][r];
            }
        }

        // Parking hosts: receiving hosts that the plan does not disable, i.e. active at the end or empty throughout.
        var parkable = (bool[])problem.CanReceive.Clone();
        var finalActive = (bool[])problem.Pinned.Clone();
        for (var m = 0; m < problem.MovableCount; m++)
        {
            Take(free[problem.Home[m]], problem.Demand[m]);
            finalActive[target[m]] = true;
        }

        for (var m = 0; m < problem.MovableCount; m++)
        {
            parkable[problem.Home[m]] &= finalActive[problem.Home[m]];
        }

        var waiting = new List<PlannedMove>[n];
        for (var h = 0; h < n; h++)
        {
            waiting[h] = [];
        }

        var candidates = new List<PlannedMove>();
        for (var m = 0; m < problem.MovableCount; m++)
        {
            if (target[m] != problem.Home[m])
            {
                candidates.Add(new PlannedMove(m, problem.Home[m], target[m]));
            }
        }

        var pending = candidates.Count;
        var moves = new List<PlannedMove>(pending);
        var skipped = new List<int>();
        var bounced = new List<int>();
        var bouncedSet = new HashSet<int>();
        var round = new List<PlannedMove>();
        var freed = new SortedSet<int>();
        while (pending > 0)
        {
            round.Clear();
            foreach (var move in candidates)
            {
                if (Fits(free[move.To], problem.Demand[move.Instance]))
                {
                    Take(free[move.To], problem.Demand[move.Instance]);
                    round.Add(move);
                }
                else
                {
                    waiting[move.To].Add(move);
                }
            }

            candidates.Clear();
            freed.Clear();
            if (round.Count > 0)
            {
                foreach (var move in round)
                {
                    Give(free[move.From], problem.Demand[move.Instance]);
                    freed.Add(move.From);
                    moves.Add(move);
                    if (move.To == target[move.Instance])
                    {
                        pending--;
                    }
                }

                Release(freed, waiting, candidates);
                continue;
            }

            // Deadlock: park one blocked instance on a third host that stays active, or give up on the rest.
            var blocked = waiting.SelectMany(w => w).OrderBy(mv => mv.Instance).ToList();
            PlannedMove? parked = null;
            foreach (var move in blocked.Where(mv => !bouncedSet.Contains(mv.Instance)))
            {
                var via = Enumerable.Range(0, n)
                    .Where(h => h != move.From && h != move.To && parkable[h] && Fits(free[h], problem.Demand[move.Instance]))
                    .OrderByDescending(h => Room(free[h], problem.Capacity[h]))
                    .ThenBy(h => h)
                    .FirstOrDefault(-1);
                if (via < 0)
                {
                    continue;
                }

                Take(free[via], problem.Demand[move.Instance]);
                Give(free[move.From], problem.Demand[move.Instance]);
                moves.Add(new PlannedMove(move.Instance, move.From, via));
                waiting[move.To].Remove(move);
                candidates.Add(new PlannedMove(move.Instance, via, move.To));
                bounced.Add(move.Instance);
                bouncedSet.Add(move.Instance);
                freed.Add(move.From);
                parked = move;
                break;
            }

            if (parked is null)
            {
                skipped.AddRange(blocked.Select(mv => mv.Instance));
                break;
            }

            Release(freed, waiting, candidates);
        }

        return new MoveSequence(moves, skipped, bounced);
    }

    private static void Release(SortedSet<int> freed, List<PlannedMove>[] waiting, List<PlannedMove> candidates)
    {
        foreach (var h in freed)
        {
            candidates.AddRange(waiting[h]);
            waiting[h].Clear();
        }

        candidates.Sort((a, b) => a.Instance.CompareTo(b.Instance));
    }

    private static double Room(long[] free, long[] capacity)
    {
        var room = double.MaxValue;
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            room = Math.Min(room, capacity[r] <= 0 ? 0 : (double)free[r] / capacity[r]);
        }

        return room;
    }

    private static bool Fits(long[] free, long[] demand)
    {
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            if (demand[r] > free[r])
            {
                return false;
            }
        }

        return true;
    }

    private static void Take(long[] free, long[] demand)
    {
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            free[r] -= demand[r];
        }
    }

    private static void Give(long[] free, long[] demand)
    {
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            free[r] += demand[r];
        }
    }
}
