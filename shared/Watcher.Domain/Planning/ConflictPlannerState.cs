namespace Watcher.Domain.Planning;

/// <summary>
/// The graph <see cref="ConflictPlanner"/> builds: parents of each action (kept cheaply transitively reduced), its
/// finish level under unit durations and estimated finish time (both used to pick lanes), the current sinks and
/// the last barrier.
/// </summary>
internal sealed class ConflictPlannerState
{
    private readonly int[][] _parents;
    private readonly int[] _level;
    private readonly double[] _finish;
    private readonly HashSet<int> _sinks = [];
    private readonly List<int> _scratch = new(8);
    private int _lastBarrier = -1;

    public ConflictPlannerState(int count)
    {
        _parents = new int[count][];
        _level = new int[count];
        _finish = new double[count];
    }

    /// <summary>Estimated finish time of an action when everything starts as early as its parents allow (0 for none).</summary>
    public double Finish(int index) => index < 0 ? 0 : _finish[index];

    /// <summary>Finish level of an action under unit durations (0 for none).</summary>
    public int Level(int index) => index < 0 ? 0 : _level[index];

    public IReadOnlyList<int> Parents(int index) => _parents[index];

    /// <summary>Records action <paramref name="index"/> with the given candidate parents (negative entries ignored).</summary>
    public void Commit(int index, List<int> candidates, double cost = 1)
    {
        _scratch.Clear();
        var floor = Math.Max(0, _lastBarrier);
        foreach (var c in candidates)
        {
            // Everything before the last barrier is an ancestor of it, and every later action descends from it.
            if (c >= floor && c < index)
            {
                _scratch.Add(c);
            }
        }

        if (_lastBarrier >= 0 && _scratch.Count == 0)
        {
            _scratch.Add(_lastBarrier);
        }

        _scratch.Sort();
        var count = 0;
        for (var k = 0; k < _scratch.Count; k++)
        {
            if (count == 0 || _scratch[count - 1] != _scratch[k])
            {
                _scratch[count++] = _scratch[k];
            }
        }

        // Cheap transitive reduction: drop a parent that is a direct parent of another (later) parent.
        var kept = 0;
        for (var k = 0; k < count; k++)
        {
            var p = _scratch[k];
            var implied = false;
            for (var q = k + 1; q < count && !implied; q++)
            {
                implied = Array.BinarySearch(_parents[_scratch[q]], p) >= 0;
            }

            if (!implied)
            {
                _scratch[kept++] = p;
            }
        }

        var parents = new int[kept];
        _scratch.CopyTo(0, parents, 0, kept);
        Store(index, parents, cost);
    }

    /// <summary>Records a barrier: it depends on every current sink, and every later action will depend on it.</summary>
    public void CommitBarrier(int index)
    {
        var parents = _sinks.Order().ToArray();
        Store(index, parents, 1);
        _sinks.Clear();
        _sinks.Add(index);
        _lastBarrier = index;
    }

    private void Store(int index, int[] parents, double cost)
    {
        var start = 0.0;
        var level = 0;
        foreach (var p in parents)
        {
            start = Math.Max(start, _finish[p]);
            level = Math.Max(level, _level[p]);
            _sinks.Remove(p);
        }

        _parents[index] = parents;
        _finish[index] = start + cost;
        _level[index] = level + 1;
        _sinks.Add(index);
    }
}
