using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>
/// The projected state of a consolidation: where each instance is, what each host has free (flavor allocation plus
/// any <see cref="IHeadroomModel"/> dimensions), and a <see cref="FitIndex"/> over an ordering of the hosts for
/// first-fit / last-fit queries. Moves are tentative until <see cref="Commit"/>, so a drain is all-or-nothing:
/// <see cref="Rollback"/> restores the exact prior values. Committed moves go through <see cref="Placement.Move"/>
/// (which refuses to overload a node); the ledger repeats Placement's arithmetic in the same order, so both agree
/// to the bit.
/// </summary>
internal sealed class ConsolidationLedger
{
    private const int AllocationDims = 3;

    private readonly ComputeNode[] _hosts;
    private readonly Dictionary<string, int> _hostIndex;
    private readonly Instance[] _instances;
    private readonly int[] _hostOf;
    private readonly List<int>[] _on;
    private readonly Resources[] _capacity;
    private readonly Resources[] _used;
    private readonly int _extra;
    private readonly double[] _headroom;
    private readonly double[] _check;
    private readonly double[] _consume;
    private readonly bool[] _open;
    private readonly double[] _leaf;
    private readonly double[] _query;
    private readonly List<Undo> _pending = [];
    private readonly List<double> _saved = [];
    private readonly List<LedgerMove> _journal = [];
    private int[] _order = [];
    private int[] _positionOf;
    private FitIndex _index;

    public ConsolidationLedger(ClusterModel cluster, IHeadroomModel? headroom = null)
    {
        Cluster = cluster;
        Placement = new Placement(cluster);
        _hosts = [.. cluster.Hosts];
        _hostIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var h = 0; h < _hosts.Length; h++)
        {
            _hostIndex.TryAdd(_hosts[h].Uuid, h);
        }

        _instances = [.. cluster.Instances];
        _hostOf = new int[_instances.Length];
        _on = new List<int>[_hosts.Length];
        _capacity = new Resources[_hosts.Length];
        _used = new Resources[_hosts.Length];
        _open = new bool[_hosts.Length];
        _positionOf = new int[_hosts.Length];
        Array.Fill(_positionOf, -1);
        for (var h = 0; h < _hosts.Length; h++)
        {
            _on[h] = [];
            _capacity[h] = _hosts[h].Capacity;
        }

        // Same order of additions as Placement's constructor, so the sums are identical.
        for (var i = 0; i < _instances.Length; i++)
        {
            if (_hostIndex.TryGetValue(_instances[i].HostUuid, out var h) && Placement.HostOf(_instances[i]) == _hosts[h].Uuid)
            {
                _hostOf[i] = h;
                _on[h].Add(i);
                _used[h] += _instances[i].Demand;
            }
            else
            {
                _hostOf[i] = -1;
            }
        }

        _extra = headroom?.Dimensions ?? 0;
        _headroom = new double[_hosts.Length * _extra];
        _check = new double[_instances.Length * _extra];
        _consume = new double[_instances.Length * _extra];
        if (headroom is not null)
        {
            for (var h = 0; h < _hosts.Length; h++)
            {
                headroom.Headroom(_hosts[h], _headroom.AsSpan(h * _extra, _extra));
            }

            for (var i = 0; i < _instances.Length; i++)
            {
                headroom.Demand(_instances[i], _check.AsSpan(i * _extra, _extra), _consume.AsSpan(i * _extra, _extra));
            }
        }

        _leaf = new double[AllocationDims + _extra];
        _query = new double[AllocationDims + _extra];
        _index = new FitIndex(0, AllocationDims + _extra);
    }

    public ClusterModel Cluster { get; }

    /// <summary>An extra veto on destinations for the fit queries, (instance, host) → allowed (e.g. avoid_coinciding_peaks); null allows every host.</summary>
    public Func<int, int, bool>? Allow { get; set; }

    /// <summary>The committed projection: only moves that are part of the plan.</summary>
    public Placement Placement { get; }

    public int HostCount => _hosts.Length;

    public int InstanceCount => _instances.Length;

    /// <summary>Committed moves, in the order they were made (an instance may appear more than once).</summary>
    public IReadOnlyList<LedgerMove> Journal => _journal;

    /// <summary>Number of slots of the current order.</summary>
    public int OrderCount => _order.Length;

    public ComputeNode Host(int host) => _hosts[host];

    public Instance Instance(int instance) => _instances[instance];

    public int HostIndex(string uuid) => _hostIndex.TryGetValue(uuid, out var h) ? h : -1;

    /// <summary>The host an instance is on now (tentative moves included), or -1 when it is on no known host.</summary>
    public int HostOf(int instance) => _hostOf[instance];

    /// <summary>The instances on a host now, in model order (a copy, safe to keep while moving them).</summary>
    public List<int> InstancesOn(int host)
    {
        var list = new List<int>(_on[host]);
        list.Sort();
        return list;
    }

    public int CountOn(int host) => _on[host].Count;

    public Resources Used(int host) => _used[host];

    public Resources Capacity(int host) => _capacity[host];

    public double Headroom(int host, int dimension) => _headroom[(host * _extra) + dimension];

    /// <summary>Whether a host may receive instances. Closed hosts are invisible to the fit queries.</summary>
    public void SetOpen(int host, bool open)
    {
        if (_open[host] == open)
        {
            return;
        }

        _open[host] = open;
        Refresh(host);
    }

    /// <summary>Sets the order the fit queries scan (slot = position in <paramref name="hosts"/>); hosts left out are never found.</summary>
    public void SetOrder(IReadOnlyList<int> hosts)
    {
        Array.Fill(_positionOf, -1);
        _order = [.. hosts];
        for (var p = 0; p < _order.Length; p++)
        {
            _positionOf[_order[p]] = p;
        }

        _index = new FitIndex(_order.Length, AllocationDims + _extra);
        for (var p = 0; p < _order.Length; p++)
        {
            Refresh(_order[p]);
        }
    }

    /// <summary>Exact check: the instance's flavor fits the host's free allocation (as <see cref="Placement.Fits"/>) and every headroom dimension.</summary>
    public bool Fits(int instance, int host)
    {
        if (!_instances[instance].Demand.FitsIn(_capacity[host] - _used[host]))
        {
            return false;
        }

        for (var d = 0; d < _extra; d++)
        {
            if (_check[(instance * _extra) + d] > _headroom[(host * _extra) + d] + FitIndex.Tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The open host at the lowest position in [<paramref name="from"/>, <paramref name="to"/>) the instance fits on, other than <paramref name="excludeHost"/>; -1 if none.</summary>
    public int FirstFit(int instance, int from, int to, int excludeHost)
    {
        var slot = _index.FirstFit(Query(instance), from, to, p => _order[p] != excludeHost && Fits(instance, _order[p]) && Allowed(instance, _order[p]));
        return slot < 0 ? -1 : _order[slot];
    }

    /// <summary>The open host at the highest position in [<paramref name="from"/>, <paramref name="to"/>) the instance fits on, other than <paramref name="excludeHost"/>; -1 if none.</summary>
    public int LastFit(int instance, int from, int to, int excludeHost)
    {
        var slot = _index.LastFit(Query(instance), from, to, p => _order[p] != excludeHost && Fits(instance, _order[p]) && Allowed(instance, _order[p]));
        return slot < 0 ? -1 : _order[slot];
    }

    /// <summary>
    /// The open host in positions [<paramref name="from"/>, <paramref name="to"/>) with the least free vCPU the
    /// instance fits on (ties to the highest position), other than <paramref name="excludeHost"/>; examines at most
    /// <paramref name="budget"/> candidates and returns the best of them; -1 if none fits.
    /// </summary>
    public int BestFitByVcpu(int instance, int from, int to, int excludeHost, int budget)
    {
        var slot = _index.BestFit(Query(instance), from, to, p => _order[p] != excludeHost && Fits(instance, _order[p]) && Allowed(instance, _order[p]), budget);
        return slot < 0 ? -1 : _order[slot];
    }

    /// <summary>A checkpoint for <see cref="Rollback"/>.</summary>
    public int Mark() => _pending.Count;

    /// <summary>Moves an instance tentatively. Throws if it does not fit or is already there.</summary>
    public void Move(int instance, int destination)
    {
        var from = _hostOf[instance];
        if (from < 0 || from == destination)
        {
            throw new InvalidOperationException($"Instance {_instances[instance].Uuid} cannot move to {_hosts[destination].Hostname}.");
        }

        if (!Fits(instance, destination))
        {
            throw new InvalidOperationException($"Instance {_instances[instance].Uuid} does not fit on {_hosts[destination].Hostname}.");
        }

        var savedAt = _saved.Count;
        for (var d = 0; d < _extra; d++)
        {
            _saved.Add(_headroom[(from * _extra) + d]);
        }

        for (var d = 0; d < _extra; d++)
        {
            _saved.Add(_headroom[(destination * _extra) + d]);
        }

        _pending.Add(new Undo(instance, from, destination, _used[from], _used[destination], savedAt));
        var demand = _instances[instance].Demand;
        _used[from] -= demand;
        _used[destination] += demand;
        for (var d = 0; d < _extra; d++)
        {
            var amount = _consume[(instance * _extra) + d];
            _headroom[(from * _extra) + d] += amount;
            _headroom[(destination * _extra) + d] -= amount;
        }

        _on[from].Remove(instance);
        _on[destination].Add(instance);
        _hostOf[instance] = destination;
        Refresh(from);
        Refresh(destination);
    }

    /// <summary>Undoes the tentative moves made since <paramref name="mark"/>, restoring the exact prior values.</summary>
    public void Rollback(int mark)
    {
        for (var k = _pending.Count - 1; k >= mark; k--)
        {
            var undo = _pending[k];
            _used[undo.From] = undo.UsedFrom;
            _used[undo.To] = undo.UsedTo;
            for (var d = 0; d < _extra; d++)
            {
                _headroom[(undo.From * _extra) + d] = _saved[undo.SavedAt + d];
                _headroom[(undo.To * _extra) + d] = _saved[undo.SavedAt + _extra + d];
            }

            _on[undo.To].Remove(undo.Instance);
            _on[undo.From].Add(undo.Instance);
            _hostOf[undo.Instance] = undo.From;
            Refresh(undo.From);
            Refresh(undo.To);
            _saved.RemoveRange(undo.SavedAt, _saved.Count - undo.SavedAt);
        }

        _pending.RemoveRange(mark, _pending.Count - mark);
    }

    /// <summary>Makes the tentative moves part of the plan, applying each to <see cref="Placement"/> in order.</summary>
    public void Commit()
    {
        foreach (var undo in _pending)
        {
            var instance = _instances[undo.Instance];
            var destination = _hosts[undo.To];
            if (!Placement.Fits(instance, destination))
            {
                throw new InvalidOperationException($"Ledger and placement disagree on {instance.Uuid} -> {destination.Hostname}.");
            }

            Placement.Move(instance, destination);
            _journal.Add(new LedgerMove(undo.Instance, undo.From, undo.To));
        }

        _pending.Clear();
        _saved.Clear();
    }

    private bool Allowed(int instance, int host) => Allow is null || Allow(instance, host);

    private ReadOnlySpan<double> Query(int instance)
    {
        var demand = _instances[instance].Demand;
        _query[0] = demand.VCpus;
        _query[1] = demand.MemoryMb;
        _query[2] = demand.DiskGb;
        for (var d = 0; d < _extra; d++)
        {
            _query[AllocationDims + d] = _check[(instance * _extra) + d];
        }

        return _query;
    }

    private void Refresh(int host)
    {
        var slot = _positionOf[host];
        if (slot < 0)
        {
            return;
        }

        if (!_open[host])
        {
            _index.Clear(slot);
            return;
        }

        var free = _capacity[host] - _used[host];
        _leaf[0] = free.VCpus;
        _leaf[1] = free.MemoryMb;
        _leaf[2] = free.DiskGb;
        for (var d = 0; d < _extra; d++)
        {
            _leaf[AllocationDims + d] = _headroom[(host * _extra) + d];
        }

        _index.Set(slot, _leaf);
    }

    private readonly record struct Undo(int Instance, int From, int To, Resources UsedFrom, Resources UsedTo, int SavedAt);
}
