namespace Watcher.Optimization.Consolidation;

/// <summary>
/// The warm start: a first-fit-decreasing drain. Hosts are ranked to keep pinned hosts first, then the largest
/// (so fewer hosts hold everything), then those with the most instances, then the fullest (so fewer instances move). Unpinned hosts are drained from the
/// other end of that ranking, their instances taken largest first and each put on the first open host in rank order
/// with room, found with a <see cref="FitTree"/>. A drain that cannot place every instance is undone, so each success
/// releases exactly one host. O(I log H) in practice.
/// </summary>
internal static class FirstFitDecreasing
{
    public static Packing Solve(ConsolidationProblem problem)
    {
        var packing = new Packing(problem);
        var n = problem.HostCount;
        var utilisation = new double[n];
        for (var h = 0; h < n; h++)
        {
            utilisation[h] = packing.Utilisation(h);
        }

        var scale = new double[ConsolidationProblem.Dims];
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            scale[r] = Math.Max(1, n == 0 ? 1 : problem.Capacity.Max(c => c[r]));
        }

        var size = new double[n];
        for (var h = 0; h < n; h++)
        {
            size[h] = Math.Round(Size(problem.Capacity[h], scale), 6);
        }

        var order = Enumerable.Range(0, n)
            .OrderByDescending(h => problem.Pinned[h])
            .ThenByDescending(h => size[h])
            .ThenByDescending(h => problem.HomeOf[h].Count)
            .ThenByDescending(h => utilisation[h])
            .ThenBy(h => h)
            .ToArray();
        var slotOf = new int[n];
        for (var slot = 0; slot < n; slot++)
        {
            slotOf[order[slot]] = slot;
        }

        var tree = new FitTree(n);
        for (var h = 0; h < n; h++)
        {
            if (problem.CanReceive[h] && packing.IsActive(h))
            {
                tree.Set(slotOf[h], FreeOf(packing, h));
            }
        }

        var candidates = Enumerable.Range(0, n)
            .Where(h => !problem.Pinned[h] && packing.IsActive(h))
            .OrderBy(h => size[h])
            .ThenBy(h => problem.HomeOf[h].Count)
            .ThenBy(h => utilisation[h])
            .ThenBy(h => h)
            .ToList();
        var moved = new List<int>();
        foreach (var source in candidates)
        {
            tree.Set(slotOf[source], null);
            var items = packing.Contents(source)
                .OrderByDescending(m => Size(problem.Demand[m], scale))
                .ThenBy(m => m)
                .ToList();
            moved.Clear();
            var drained = true;
            foreach (var m in items)
            {
                var slot = tree.FirstFit(problem.Demand[m]);
                if (slot < 0)
                {
                    drained = false;
                    break;
                }

                var destination = order[slot];
                packing.Move(m, destination);
                tree.Set(slot, FreeOf(packing, destination));
                moved.Add(m);
            }

            if (drained)
            {
                continue;
            }

            for (var k = moved.Count - 1; k >= 0; k--)
            {
                var m = moved[k];
                var destination = packing.HostOf(m);
                packing.Move(m, source);
                tree.Set(slotOf[destination], FreeOf(packing, destination));
            }

            if (problem.CanReceive[source])
            {
                tree.Set(slotOf[source], FreeOf(packing, source));
            }
        }

        return packing;
    }

    private static long[] FreeOf(Packing packing, int h)
    {
        var free = new long[ConsolidationProblem.Dims];
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            free[r] = packing.Free(h, r);
        }

        return free;
    }

    private static double Size(long[] demand, double[] scale)
    {
        var size = 0.0;
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            size += demand[r] / scale[r];
        }

        return size;
    }
}
