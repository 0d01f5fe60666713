namespace Watcher.Optimization.Consolidation;

/// <summary>
/// Large-neighbourhood search for scopes too big for one model. Most steps pick a host to empty (one of the eight
/// lightest drainable hosts not tried since the last improvement) and absorbers — active receiving hosts sampled from
/// those with the most spare room until that room covers the target's load with a margin (at most
/// <see cref="MaxHosts"/> hosts, about <see cref="MaxInstances"/> instances) — and asks CP-SAT to re-pack them with the
/// target forced empty, fewest migrations first: a small, focused question it settles quickly either way. Every fourth
/// step, and every step once the host count meets the lower bound, re-packs the current and home hosts of migrated
/// instances instead, to win migrations back. A result is kept only when it is lexicographically better (fewer active
/// hosts, then fewer migrations); the incumbent is always a valid packing, so stopping at any moment is safe.
/// </summary>
internal static class NeighbourhoodSearch
{
    public const int MaxHosts = 16;
    public const int MaxInstances = 120;
    private const int MaxStall = 60;
    private const int MaxStallAtBound = 8;
    private const double MinSolveSeconds = 0.05;

    public static (int Solves, int Solved, double SolverSeconds) Improve(
        ConsolidationProblem problem, Packing packing, int lowerBound, SearchBudget budget, int workers, int seed)
    {
        var random = new Random(seed);
        var solves = 0;
        var solved = 0;
        var stall = 0;
        var step = 0;
        var solverSeconds = 0.0;
        var perSolve = Math.Clamp(budget.Seconds / 20, 0.1, 1.0);
        var scale = new double[ConsolidationProblem.Dims];
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            scale[r] = Math.Max(1, problem.HostCount == 0 ? 1 : problem.Capacity.Max(c => c[r]));
        }

        var tried = new HashSet<int>();
        var emptyingLeft = true;
        while (budget.Remaining > MinSolveSeconds)
        {
            var atBound = packing.ActiveCount <= lowerBound;
            var emptying = !atBound && emptyingLeft && step % 4 != 3;
            if (stall >= (atBound || !emptyingLeft ? MaxStallAtBound : MaxStall))
            {
                break;
            }

            step++;
            var target = -1;
            List<int> hosts;
            if (emptying)
            {
                (hosts, target) = EmptyingNeighbourhood(problem, packing, random, scale, tried);
                emptyingLeft = target >= 0;
            }
            else
            {
                hosts = MigrationNeighbourhood(problem, packing, random);
            }

            if (hosts.Count < 2)
            {
                stall += emptying ? 0 : 1;
                if (!emptying && !emptyingLeft && hosts.Count == 0)
                {
                    break;
                }

                continue;
            }

            var before = Score(problem, packing, hosts);
            var result = CpSatPacker.Solve(problem, packing, hosts, Math.Min(perSolve, budget.Remaining * 0.8), workers, seed + solves, presolve: target >= 0, emptyHost: target);
            solves++;
            solverSeconds += result.WallSeconds;
            if (result.Assignment is null)
            {
                stall++;
                continue;
            }

            solved++;
            var after = Score(problem, result.Assignment, hosts);
            if (after.Active < before.Active || (after.Active == before.Active && after.Migrations < before.Migrations))
            {
                foreach (var (m, h) in result.Assignment.OrderBy(p => p.Key))
                {
                    if (packing.HostOf(m) != h)
                    {
                        packing.Move(m, h);
                    }
                }

                stall = 0;
                tried.Clear();
                emptyingLeft = true;
            }
            else
            {
                stall++;
            }
        }

        return (solves, solved, solverSeconds);
    }

    /// <summary>
    /// A host to empty (among the eight smallest-and-lightest drainable hosts not yet tried since the last change) and
    /// absorbers: active receiving hosts sampled from those with the most spare room until their spare room covers
    /// the target's load with a margin. Returns no hosts when no candidate is left.
    /// </summary>
    private static (List<int> Hosts, int Target) EmptyingNeighbourhood(ConsolidationProblem problem, Packing packing, Random random, double[] scale, HashSet<int> tried)
    {
        var drainable = new List<int>();
        var receivers = new List<int>();
        for (var h = 0; h < problem.HostCount; h++)
        {
            if (!packing.IsActive(h))
            {
                continue;
            }

            if (!problem.Pinned[h] && !tried.Contains(h))
            {
                drainable.Add(h);
            }

            if (problem.CanReceive[h])
            {
                receivers.Add(h);
            }
        }

        if (drainable.Count == 0)
        {
            return ([], -1);
        }

        var weight = new double[problem.HostCount];
        foreach (var h in drainable)
        {
            weight[h] = Size(LoadOf(packing, h), scale);
        }

        drainable.Sort((a, b) => weight[a] != weight[b] ? weight[a].CompareTo(weight[b]) : a.CompareTo(b));
        var target = drainable[random.Next(Math.Min(drainable.Count, 8))];
        tried.Add(target);

        var spare = new double[problem.HostCount];
        foreach (var h in receivers)
        {
            spare[h] = 1 - packing.Utilisation(h);
        }

        var pool = receivers.Where(h => h != target).ToList();
        pool.Sort((a, b) => spare[a] != spare[b] ? spare[b].CompareTo(spare[a]) : a.CompareTo(b));
        pool = pool.Take(MaxHosts * 3).ToList();
        var need = LoadOf(packing, target);
        var room = new long[ConsolidationProblem.Dims];
        var picked = new Picked(packing);
        picked.Add(target);
        while (picked.Count < MaxHosts && picked.Instances < MaxInstances && pool.Count > 0)
        {
            var i = random.Next(Math.Min(pool.Count, MaxHosts));
            var h = pool[i];
            pool.RemoveAt(i);
            picked.Add(h);
            for (var r = 0; r < ConsolidationProblem.Dims; r++)
            {
                room[r] += packing.Free(h, r);
            }

            if (picked.Count >= 4 && Enumerable.Range(0, ConsolidationProblem.Dims).All(r => room[r] * 2 >= need[r] * 3))
            {
                break;
            }
        }

        // Not even the pooled spare room could hold the target: no point asking the solver.
        return Enumerable.Range(0, ConsolidationProblem.Dims).All(r => room[r] >= need[r]) ? (picked.Hosts, target) : ([], target);
    }

    private static long[] LoadOf(Packing packing, int h)
    {
        var load = new long[ConsolidationProblem.Dims];
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            load[r] = packing.Load(h, r);
        }

        return load;
    }

    private static List<int> MigrationNeighbourhood(ConsolidationProblem problem, Packing packing, Random random)
    {
        var migrated = new List<int>();
        for (var m = 0; m < problem.MovableCount; m++)
        {
            if (packing.HostOf(m) != problem.Home[m])
            {
                migrated.Add(m);
            }
        }

        if (migrated.Count == 0)
        {
            return [];
        }

        var picked = new Picked(packing);
        var attempts = 0;
        while (picked.Count < MaxHosts - 1 && picked.Instances < MaxInstances && attempts++ < MaxHosts * 4)
        {
            var m = migrated[random.Next(migrated.Count)];
            picked.Add(packing.HostOf(m));
            picked.Add(problem.Home[m]);
        }

        return picked.Hosts;
    }

    private static double Size(long[] capacity, double[] scale)
    {
        var size = 0.0;
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            size += capacity[r] / scale[r];
        }

        return size;
    }

    private static (int Active, int Migrations) Score(ConsolidationProblem problem, Packing packing, IReadOnlyList<int> hosts)
    {
        var active = 0;
        var migrations = 0;
        foreach (var h in hosts)
        {
            active += packing.IsActive(h) ? 1 : 0;
            foreach (var m in packing.Contents(h))
            {
                migrations += problem.Home[m] != h ? 1 : 0;
            }
        }

        return (active, migrations);
    }

    private static (int Active, int Migrations) Score(ConsolidationProblem problem, IReadOnlyDictionary<int, int> assignment, IReadOnlyList<int> hosts)
    {
        var used = new HashSet<int>(hosts.Where(h => problem.Pinned[h]));
        var migrations = 0;
        foreach (var (m, h) in assignment)
        {
            used.Add(h);
            migrations += problem.Home[m] != h ? 1 : 0;
        }

        return (used.Count, migrations);
    }

    /// <summary>The hosts of one neighbourhood, without duplicates, and how many instances they hold.</summary>
    private sealed class Picked(Packing packing)
    {
        private readonly HashSet<int> _seen = [];

        public List<int> Hosts { get; } = [];

        public int Count => Hosts.Count;

        public int Instances { get; private set; }

        public void Add(int h)
        {
            if (_seen.Add(h))
            {
                Hosts.Add(h);
                Instances += packing.Contents(h).Count;
            }
        }
    }
}
