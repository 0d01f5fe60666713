namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// A segment tree over a fixed order of slots (hosts), each holding a vector of free amounts (vCPU, RAM, disk and any
/// strategy-defined headroom). Each inner node keeps the per-dimension maximum of its subtree, so "the first (or last)
/// slot in a range where a demand fits" skips every subtree in which some dimension cannot fit. Point updates and
/// typical queries cost O(log n); the final word on a candidate slot belongs to the caller's exact check.
/// </summary>
internal sealed class FitIndex
{
    /// <summary>The tolerance <see cref="Cluster.Resources.FitsIn"/> uses, so the index never prunes a slot that fits.</summary>
    public const double Tolerance = 1e-9;

    private readonly int _dims;
    private readonly int _leaves;
    private readonly double[] _max;
    private readonly double[] _min0;

    public FitIndex(int count, int dims)
    {
        Count = count;
        _dims = dims;
        _leaves = 1;
        while (_leaves < Math.Max(1, count))
        {
            _leaves <<= 1;
        }

        _max = new double[2 * _leaves * dims];
        Array.Fill(_max, double.NegativeInfinity);
        _min0 = new double[2 * _leaves];
        Array.Fill(_min0, double.PositiveInfinity);
    }

    public int Count { get; }

    /// <summary>Sets a slot's free vector (pass <see cref="Clear"/> to take it out of every query).</summary>
    public void Set(int slot, ReadOnlySpan<double> free)
    {
        var node = _leaves + slot;
        free[.._dims].CopyTo(_max.AsSpan(node * _dims, _dims));
        _min0[node] = free[0];
        Climb(node);
    }

    /// <summary>Takes a slot out of every query.</summary>
    public void Clear(int slot)
    {
        var node = _leaves + slot;
        _max.AsSpan(node * _dims, _dims).Fill(double.NegativeInfinity);
        _min0[node] = double.PositiveInfinity;
        Climb(node);
    }

    /// <summary>The lowest slot in [<paramref name="from"/>, <paramref name="to"/>) whose vector may hold the demand and that <paramref name="accept"/> confirms, or -1.</summary>
    public int FirstFit(ReadOnlySpan<double> demand, int from, int to, Func<int, bool> accept)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        return from >= to ? -1 : Search(1, 0, _leaves, from, to, demand, accept, lowestFirst: true);
    }

    /// <summary>The highest slot in [<paramref name="from"/>, <paramref name="to"/>) whose vector may hold the demand and that <paramref name="accept"/> confirms, or -1.</summary>
    public int LastFit(ReadOnlySpan<double> demand, int from, int to, Func<int, bool> accept)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        return from >= to ? -1 : Search(1, 0, _leaves, from, to, demand, accept, lowestFirst: false);
    }

    /// <summary>
    /// Best fit on dimension 0: among slots in [<paramref name="from"/>, <paramref name="to"/>) that
    /// <paramref name="accept"/> confirms, the one with the least free amount in dimension 0, ties to the highest
    /// slot. Branch and bound over the subtree minima; after <paramref name="budget"/> confirmed-or-rejected
    /// candidates it returns the best seen so far. Returns -1 when none was found.
    /// </summary>
    public int BestFit(ReadOnlySpan<double> demand, int from, int to, Func<int, bool> accept, int budget)
    {
        from = Math.Max(0, from);
        to = Math.Min(Count, to);
        if (from >= to)
        {
            return -1;
        }

        var state = new BestFitState(budget);
        BestFitSearch(1, 0, _leaves, from, to, demand, accept, ref state);
        return state.Slot;
    }

    private void BestFitSearch(int node, int lo, int hi, int from, int to, ReadOnlySpan<double> demand, Func<int, bool> accept, ref BestFitState state)
    {
        if (state.Budget <= 0 || hi <= from || lo >= to || !MayFit(node, demand))
        {
            return;
        }

        // Nothing here can beat the best: larger minimum, or the same minimum at lower slots only.
        var min = _min0[node];
        if (state.Slot >= 0 && (min > state.Key || (min == state.Key && hi <= state.Slot)))
        {
            return;
        }

        if (hi - lo == 1)
        {
            state.Budget--;
            if (accept(lo))
            {
                state.Slot = lo;
                state.Key = min;
            }

            return;
        }

        var mid = (lo + hi) / 2;
        var left = 2 * node;
        var right = left + 1;
        if (_min0[left] < _min0[right])
        {
            BestFitSearch(left, lo, mid, from, to, demand, accept, ref state);
            BestFitSearch(right, mid, hi, from, to, demand, accept, ref state);
        }
        else
        {
            BestFitSearch(right, mid, hi, from, to, demand, accept, ref state);
            BestFitSearch(left, lo, mid, from, to, demand, accept, ref state);
        }
    }

    private int Search(int node, int lo, int hi, int from, int to, ReadOnlySpan<double> demand, Func<int, bool> accept, bool lowestFirst)
    {
        if (hi <= from || lo >= to || !MayFit(node, demand))
        {
            return -1;
        }

        if (hi - lo == 1)
        {
            return accept(lo) ? lo : -1;
        }

        var mid = (lo + hi) / 2;
        int found;
        if (lowestFirst)
        {
            found = Search(2 * node, lo, mid, from, to, demand, accept, true);
            return found >= 0 ? found : Search((2 * node) + 1, mid, hi, from, to, demand, accept, true);
        }

        found = Search((2 * node) + 1, mid, hi, from, to, demand, accept, false);
        return found >= 0 ? found : Search(2 * node, lo, mid, from, to, demand, accept, false);
    }

    private bool MayFit(int node, ReadOnlySpan<double> demand)
    {
        var offset = node * _dims;
        for (var d = 0; d < _dims; d++)
        {
            if (demand[d] > _max[offset + d] + Tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private void Climb(int node)
    {
        for (node >>= 1; node >= 1; node >>= 1)
        {
            var at = node * _dims;
            var left = 2 * node * _dims;
            var right = ((2 * node) + 1) * _dims;
            for (var d = 0; d < _dims; d++)
            {
                _max[at + d] = Math.Max(_max[left + d], _max[right + d]);
            }

            _min0[node] = Math.Min(_min0[2 * node], _min0[(2 * node) + 1]);
        }
    }

    private struct BestFitState(int budget)
    {
        public int Budget = budget;
        public int Slot = -1;
        public double Key = double.PositiveInfinity;
    }
}
