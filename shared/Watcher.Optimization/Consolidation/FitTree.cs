namespace Watcher.Optimization.Consolidation;

/// <summary>
/// A max segment tree over slots (hosts in a priority order) holding each slot's free room per resource. It answers
/// "the first slot with room for this demand" by descending only into subtrees whose per-resource maxima all cover the
/// demand: O(log n) in practice, never worse than a linear scan.
/// </summary>
internal sealed class FitTree
{
    private const long Closed = long.MinValue / 4;
    private readonly int _size;
    private readonly long[][] _max;

    public FitTree(int slots)
    {
        _size = 1;
        while (_size < Math.Max(1, slots))
        {
            _size <<= 1;
        }

        _max = new long[ConsolidationProblem.Dims][];
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            _max[r] = new long[2 * _size];
            Array.Fill(_max[r], Closed);
        }
    }

    /// <summary>Sets a slot's free room; pass null to close the slot (it then matches nothing).</summary>
    public void Set(int slot, long[]? free)
    {
        var i = slot + _size;
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            _max[r][i] = free is null ? Closed : free[r];
        }

        for (i >>= 1; i >= 1; i >>= 1)
        {
            for (var r = 0; r < ConsolidationProblem.Dims; r++)
            {
                _max[r][i] = Math.Max(_max[r][2 * i], _max[r][(2 * i) + 1]);
            }
        }
    }

    /// <summary>The first slot whose free room covers <paramref name="demand"/> in every resource, or -1.</summary>
    public int FirstFit(long[] demand) => Find(1, demand);

    private int Find(int node, long[] demand)
    {
        for (var r = 0; r < ConsolidationProblem.Dims; r++)
        {
            if (_max[r][node] < demand[r])
            {
                return -1;
            }
        }

        if (node >= _size)
        {
            return node - _size;
        }

        var left = Find(2 * node, demand);
        return left >= 0 ? left : Find((2 * node) + 1, demand);
    }
}
