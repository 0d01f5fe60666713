using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Makespan measures of a planned graph, assuming unlimited workers and that every action starts as soon as all
/// its parents have finished: the critical path length and the peak number of actions running at once.
/// </summary>
public static class PlanMetrics
{
    /// <summary>The length of the longest parent-to-child path, summing <paramref name="duration"/> (1 per action by default).</summary>
    public static double CriticalPathLength(IReadOnlyList<PlannedAction> plan, Func<ProposedAction, double>? duration = null)
    {
        var finish = FinishTimes(plan, duration ?? Unit, out _);
        return finish.Length == 0 ? 0 : finish.Max();
    }

    /// <summary>The most actions running at the same moment when every action starts as early as its parents allow.</summary>
    public static int MaxParallelism(IReadOnlyList<PlannedAction> plan, Func<ProposedAction, double>? duration = null)
    {
        var finish = FinishTimes(plan, duration ?? Unit, out var start);
        var events = new List<(double Time, int Delta)>(plan.Count * 2);
        for (var i = 0; i < plan.Count; i++)
        {
            if (finish[i] > start[i])
            {
                events.Add((start[i], 1));
                events.Add((finish[i], -1));
            }
        }

        // Ends before starts at the same instant: a child starting when its parent ends does not overlap it.
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Delta.CompareTo(b.Delta));
        int running = 0, peak = 0;
        foreach (var (_, delta) in events)
        {
            running += delta;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    private static double Unit(ProposedAction action) => 1;

    /// <summary>Earliest finish times, visiting the graph in topological order; throws on a cycle or a bad parent index.</summary>
    private static double[] FinishTimes(IReadOnlyList<PlannedAction> plan, Func<ProposedAction, double> duration, out double[] start)
    {
        var n = plan.Count;
        var pending = new int[n];
        var children = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            children[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var p in plan[i].Parents)
            {
                if (p < 0 || p >= n)
                {
                    throw new ArgumentException($"Action {i} names parent {p}, outside the plan.", nameof(plan));
                }

                children[p].Add(i);
                pending[i]++;
            }
        }

        start = new double[n];
        var finish = new double[n];
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => pending[i] == 0));
        var visited = 0;
        while (ready.TryDequeue(out var i))
        {
            visited++;
            finish[i] = start[i] + Math.Max(0, duration(plan[i].Action));
            foreach (var c in children[i])
            {
                start[c] = Math.Max(start[c], finish[i]);
                if (--pending[c] == 0)
                {
                    ready.Enqueue(c);
                }
            }
        }

        if (visited != n)
        {
            throw new ArgumentException("The plan's graph has a cycle.", nameof(plan));
        }

        return finish;
    }
}
