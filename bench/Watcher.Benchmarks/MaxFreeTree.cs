using Watcher.Domain.Cluster;

namespace Watcher.Benchmarks;

/// <summary>
/// A segment tree over host slots keeping, per subtree, the largest free vCPU, RAM and disk, so "the first slot with
/// room for this demand" is found by descending only into subtrees that might fit (O(log n) when the maxima agree).
/// </summary>
public sealed class MaxFreeTree
{
    private readonly int _size;
    private readonly Resources[] _max;

    public MaxFreeTree(int count)
    {
        _size = 1;
        while (_size < Math.Max(1, count))
        {
            _size *= 2;
        }

        _max = Enumerable.Repeat(Closed, 2 * _size).ToArray();
    }

    private static Resources Closed => new(-1, -1, -1);

    /// <summary>Sets a slot's free resources; null closes the slot.</summary>
    public void Set(int slot, Resources? free)
    {
        var i = slot + _size;
        _max[i] = free ?? Closed;
        for (i /= 2; i >= 1; i /= 2)
        {
            var a = _max[2 * i];
            var b = _max[(2 * i) + 1];
            _max[i] = new Resources(Math.Max(a.VCpus, b.VCpus), Math.Max(a.MemoryMb, b.MemoryMb), Math.Max(a.DiskGb, b.DiskGb));
        }
    }

    /// <summary>The lowest slot whose free resources hold <paramref name="demand"/>, or -1.</summary>
    public int FirstFit(Resources demand) => Find(1, demand);

    private int Find(int node, Resources demand)
    {
        if (!demand.FitsIn(_max[node]))
        {
            return -1;
        }

        if (node >= _size)
        {
            return node - _size;
        }

        var left = Find(2 * node, demand);
        return left >= 0 ? left : Find((2 * node) + 1, demand);
    }
}
