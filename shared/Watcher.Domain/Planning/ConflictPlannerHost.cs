using Watcher.Domain.Cluster;

namespace Watcher.Domain.Planning;

/// <summary>
/// Per-host bookkeeping of <see cref="ConflictPlanner"/>: the lanes (chains) the host's migrations are spread over,
/// and the strategy-order capacity replay (initial use, demand moved in, cumulative room freed by moves out).
/// </summary>
internal sealed class ConflictPlannerHost
{
    private const double Tolerance = 1e-9;

    private readonly int[] _tail;
    private readonly int[] _tailLevel;
    private readonly double[] _tailFinish;
    private readonly List<int>[] _outgoingByLane;
    private readonly List<int> _outgoing = [];
    private readonly List<Resources> _freed = [];
    private readonly Resources? _capacity;
    private readonly Resources _initialUse;
    private Resources _movedIn;
    private bool _capacityKnown;
    private int _lastReset = -1;

    public ConflictPlannerHost(int lanes, Resources? capacity, Resources initialUse)
    {
        _tail = Enumerable.Repeat(-1, lanes).ToArray();
        _tailLevel = new int[lanes];
        _tailFinish = new double[lanes];
        _outgoingByLane = Enumerable.Range(0, lanes).Select(_ => new List<int>()).ToArray();
        _capacity = capacity;
        _initialUse = initialUse;
        _capacityKnown = capacity is not null;
    }

    public int Tail(int lane) => _tail[lane];

    /// <summary>Adds every lane's last action (a host action must follow all of the host's earlier migrations).</summary>
    public void AddTails(List<int> into)
    {
        foreach (var t in _tail)
        {
            if (t >= 0)
            {
                into.Add(t);
            }
        }
    }

    /// <summary>A host action becomes the tail of every lane: later migrations of the host follow it.</summary>
    public void ResetTails(int index, int level, double finish)
    {
        Array.Fill(_tail, index);
        Array.Fill(_tailLevel, level);
        Array.Fill(_tailFinish, finish);
        _lastReset = index;
    }

    /// <summary>
    /// The lane where a migration whose other parents end at <paramref name="floorLevel"/> (unit durations) and
    /// <paramref name="floorFinish"/> (estimated durations) starts earliest: by unit level first, then by estimated
    /// time; among lanes free by then, the one freed last, to keep the earlier-free lanes for others.
    /// </summary>
    public int PickLane(int floorLevel, double floorFinish)
    {
        var best = 0;
        for (var lane = 1; lane < _tail.Length; lane++)
        {
            var key = (Math.Max(floorLevel, _tailLevel[lane]), Math.Max(floorFinish, _tailFinish[lane]), -_tailLevel[lane], -_tailFinish[lane]);
            var bestKey = (Math.Max(floorLevel, _tailLevel[best]), Math.Max(floorFinish, _tailFinish[best]), -_tailLevel[best], -_tailFinish[best]);
            if (key.CompareTo(bestKey) < 0)
            {
                best = lane;
            }
        }

        return best;
    }

    public void Append(int lane, int index, int level, double finish)
    {
        _tail[lane] = index;
        _tailLevel[lane] = level;
        _tailFinish[lane] = finish;
    }

    public void RecordOutgoing(int index, int lane, Resources? demand)
    {
        var before = _freed.Count == 0 ? Resources.Zero : _freed[^1];
        _outgoing.Add(index);
        _freed.Add(before + (demand ?? Resources.Zero));
        _outgoingByLane[lane].Add(index);
    }

    public void RecordIncoming(Resources? demand)
    {
        if (demand is { } d)
        {
            _movedIn += d;
        }
        else
        {
            _capacityKnown = false;
        }
    }

    /// <summary>
    /// Adds the parents a migration into this host needs for room: the fewest earlier moves off the host (in strategy
    /// order) after which the strategy-order replay fits it, or all of them when the sizes are not known. Because
    /// the lanes are chains, depending on the latest such move in each lane covers the earlier ones.
    /// </summary>
    public void AddCapacityParents(Resources? demand, List<int> into)
    {
        if (_outgoing.Count == 0)
        {
            return;
        }

        var needed = _capacityKnown && demand is { } d ? MovesNeeded(d) : _outgoing.Count;
        if (needed == 0)
        {
            return;
        }

        var last = _outgoing[needed - 1];
        if (last <= _lastReset)
        {
            // Already behind the last host action, which every later migration of this host follows.
            return;
        }

        foreach (var lane in _outgoingByLane)
        {
            var at = lane.BinarySearch(last);
            var pos = at >= 0 ? at : ~at - 1;
            if (pos >= 0 && lane[pos] > _lastReset)
            {
                into.Add(lane[pos]);
            }
        }
    }

    private int MovesNeeded(Resources demand)
    {
        var need = _initialUse + _movedIn + demand - _capacity!.Value;
        var moves = 0;
        foreach (var component in new[] { 0, 1, 2 })
        {
            var required = Component(need, component);
            if (required <= Tolerance)
            {
                continue;
            }

            var found = LowerBound(component, required - Tolerance);
            if (found < 0)
            {
                // The strategy-order replay does not fit either: be conservative.
                return _outgoing.Count;
            }

            moves = Math.Max(moves, found + 1);
        }

        return moves;
    }

    private int LowerBound(int component, double required)
    {
        int lo = 0, hi = _freed.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Component(_freed[mid], component) >= required)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return found;
    }

    private static double Component(Resources r, int component) => component switch
    {
        0 => r.VCpus,
        1 => r.MemoryMb,
        _ => r.DiskGb,
    };
}
