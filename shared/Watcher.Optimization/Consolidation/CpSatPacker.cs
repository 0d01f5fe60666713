using System.Globalization;
using Google.OrTools.Sat;

namespace Watcher.Optimization.Consolidation;

/// <summary>
/// The CP-SAT assignment model over a set of hosts S and the movable instances T currently on them (all of them for
/// the exact solve, a neighbourhood for the decomposition): x[m,h] places instance m on host h (its home or a
/// receiving host with room for it), y[h] marks h active. Every instance is placed exactly once; each receiving host's
/// vCPU, RAM and disk use stays within capacity; pinned hosts are active. The objective is lexicographic in one
/// weighted sum: (|T| + 1) * active hosts + migrations, so one host always outweighs every possible migration.
/// The incumbent packing is given as a hint (warm start). A neighbourhood may name one host that must end empty, which
/// turns the step into a focused "can this host be emptied here?" question that CP-SAT settles quickly either way.
/// </summary>
internal static class CpSatPacker
{
    public static SubSolveResult Solve(
        ConsolidationProblem problem, Packing incumbent, IReadOnlyList<int> hosts, double maxSeconds, int workers, int seed, bool presolve = true, int emptyHost = -1)
    {
        var instances = hosts.SelectMany(h => incumbent.Contents(h)).Distinct().Order().ToList();
        var model = new CpModel();
        var active = new Dictionary<int, BoolVar>();
        foreach (var h in hosts.Where(h => !problem.Pinned[h]))
        {
            var y = model.NewBoolVar($"y{h}");
            active[h] = y;
            model.AddHint(y, incumbent.IsActive(h));
        }

        var place = new Dictionary<int, List<(int Host, BoolVar X)>>();
        var onHost = hosts.ToDictionary(h => h, _ => new List<(int Instance, BoolVar X)>());
        var migrations = new List<BoolVar>();
        foreach (var m in instances)
        {
            var options = new List<(int Host, BoolVar X)>();
            foreach (var h in hosts)
            {
                if (h == emptyHost || !problem.Allowed(m, h))
                {
                    continue;
                }

                var x = model.NewBoolVar($"x{m}_{h}");
                options.Add((h, x));
                onHost[h].Add((m, x));
                model.AddHint(x, incumbent.HostOf(m) == h);
                if (h != problem.Home[m])
                {
                    migrations.Add(x);
                }

            }

            model.AddExactlyOne(options.Select(o => o.X));
            place[m] = options;
        }

        foreach (var h in hosts)
        {
            // An inactive host holds nothing: one enforced clause per host rather than one implication per pair.
            if (active.TryGetValue(h, out var y) && onHost[h].Count > 0)
            {
                model.AddBoolAnd(onHost[h].Select(o => o.X.Not())).OnlyEnforceIf(y.Not());
            }

            if (!problem.CanReceive[h] || onHost[h].Count == 0)
            {
                continue;
            }

            for (var r = 0; r < ConsolidationProblem.Dims; r++)
            {
                var room = problem.Capacity[h][r] - problem.FixedLoad[h][r];
                var items = onHost[h].Where(o => problem.Demand[o.Instance][r] > 0).ToList();
                var total = items.Sum(o => problem.Demand[o.Instance][r]);
                if (total <= room && problem.Pinned[h])
                {
                    continue;
                }

                var load = LinearExpr.WeightedSum(items.Select(o => o.X), items.Select(o => problem.Demand[o.Instance][r]));
                if (problem.Pinned[h])
                {
                    model.Add(load <= room);
                }
                else
                {
                    model.Add(load <= room * active[h]);
                }
            }
        }

        var weight = (long)instances.Count + 1;
        model.Minimize((weight * LinearExpr.Sum(active.Values)) + LinearExpr.Sum(migrations));

        // Symmetry detection and probing pay off on small models but can eat the whole budget in presolve on big ones.
        var variables = place.Values.Sum(o => o.Count);
        var light = !presolve ? "cp_model_presolve:false" : variables > 5000 ? "symmetry_level:0 cp_model_probing_level:0" : "";
        var solver = new CpSolver
        {
            StringParameters = string.Create(
                CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.001, maxSeconds):0.###} num_workers:{Math.Max(1, workers)} random_seed:{seed} log_search_progress:false {light}"),
        };
        var status = solver.Solve(model);
        var pinnedCount = hosts.Count(h => problem.Pinned[h]);
        var wall = solver.Response?.WallTime ?? 0;
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return new SubSolveResult(null, false, pinnedCount, wall);
        }

        var assignment = new Dictionary<int, int>();
        foreach (var (m, options) in place)
        {
            foreach (var (h, x) in options)
            {
                if (solver.BooleanValue(x))
                {
                    assignment[m] = h;
                    break;
                }
            }
        }

        // objective >= bound and migrations <= |T| = weight - 1, so active >= (bound - weight + 1) / weight.
        var bound = solver.BestObjectiveBound;
        var activeBound = pinnedCount + (int)Math.Max(0, Math.Ceiling((bound - (weight - 1) - 1e-6) / weight));
        return new SubSolveResult(assignment, status == CpSolverStatus.Optimal, activeBound, wall);
    }
}
