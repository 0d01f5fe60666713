namespace Watcher.Optimization.Consolidation;

/// <summary>
/// A complete assignment of the movable instances to hosts, with the per-host load and contents kept in step, so
/// heuristics and neighbourhood moves are O(1) to check and apply.
/// </summary>
internal sealed class Packing
{
    private readonly ConsolidationProblem _problem;
    private readonly int[] _assign;
    private readonly long[][] _load;
    private readonly HashSet<int>[] _contents;

    public Packing(ConsolidationProblem problem)
    {
        _problem = problem;
        _assign = (int[])problem.Home.Clone();
        _load = new long[problem.HostCount][];
        _contents = new HashSet<int>[problem.HostCount];
        for (var h = 0; h < problem.HostCount; h++)
        {
            _load[h] = (long[])problem.FixedLoad[h].Clone();
            _contents[h] = [];
        }

        for (var m = 0; m < _assign.Length; m++)
        {
            Add(m, _assign[m]);
        }
    }

    public int HostOf(int m) => _assign[m];

    public IReadOnlyCollection<int> Contents(int h) => _contents[h];

    public long Load(int h, int r) => _load[h][r];

    public long Free(int h, int r) => _problem.Capacity[h][r] - _load[h][r];

    public bool IsActive(int h) => _problem.Pinned[h] || _contents[h].Count > 0;

    public int ActiveCount
    {
        get
        {
            var count = 0;
            for (var h = 0; h < _problem.HostCount; h++)
            {
                count += IsActive(h) ? 1 : 0;
            }

            return count;
        }
    }

    public int Migrations
    {
        get
        {
            var count = 0;
            for (var m = 0; m < _assign.Length; m++)
            {
                count += _assign[m] != _problem.Home[m] ? 1 : 0;
            }

            return count;
        }
    }

    public int[] Snapshot() => (int[])_assign.Clone();

    public void Move(int m, int h)
    {
        Remove(m, _assign[m]);
        _assign[m] = h;
        Add(m, h);
    }

    /// <summary>Load utilisation of a host: the largest share of any resource in use (0 for an empty host).</summary>
    public double Utilisation(int h)
    {
        var u = 0.0;
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            var cap = _problem.Capacity[h][r];
            var share = cap <= 0 ? (_load[h][r] > 0 ? double.PositiveInfinity : 0) : (double)_load[h][r] / cap;
            u = Math.Max(u, share);
        }

        return u;
    }

    private void Add(int m, int h)
    {
        _contents[h].Add(m);
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            _load[h][r] += _problem.Demand[m][r];
        }
    }

    private void Remove(int m, int h)
    {
        _contents[h].Remove(m);
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            _load[h][r] -= _problem.Demand[m][r];
        }
    }
}
