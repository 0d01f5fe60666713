namespace Watcher.Domain.Cluster;

/// <summary>
/// The projected placement while a strategy plans: which node each instance will be on and what is free.
/// Every move a strategy proposes goes through <see cref="Move"/>, which refuses to overload a node.
/// </summary>
public sealed class Placement
{
    private readonly ClusterModel _cluster;
    private readonly Dictionary<string, Resources> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hostOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _count = new(StringComparer.Ordinal);

    public Placement(ClusterModel cluster)
    {
        _cluster = cluster;
        foreach (var node in cluster.Hosts)
        {
            _used[node.Uuid] = Resources.Zero;
            _count[node.Uuid] = 0;
        }

        foreach (var instance in cluster.Instances)
        {
            _hostOf[instance.Uuid] = instance.HostUuid;
            if (_used.TryGetValue(instance.HostUuid, out var used))
            {
                _used[instance.HostUuid] = used + instance.Demand;
                _count[instance.HostUuid]++;
            }
        }
    }

    public Resources Used(string nodeUuid) => _used[nodeUuid];

    public Resources Free(ComputeNode node) => node.Capacity - _used[node.Uuid];

    public int InstanceCount(string nodeUuid) => _count[nodeUuid];

    public string HostOf(Instance instance) => _hostOf[instance.Uuid];

    public bool Fits(Instance instance, ComputeNode node) => instance.Demand.FitsIn(Free(node));

    /// <summary>Moves an instance in the projection; throws if it would overload the destination or is a no-op move.</summary>
    public void Move(Instance instance, ComputeNode destination)
    {
        var from = _hostOf[instance.Uuid];
        if (from == destination.Uuid)
        {
            throw new InvalidOperationException($"Instance {instance.Uuid} is already on {destination.Hostname}.");
        }

        if (!Fits(instance, destination))
        {
            throw new InvalidOperationException($"Instance {instance.Uuid} does not fit on {destination.Hostname}.");
        }

        _used[from] -= instance.Demand;
        _count[from]--;
        _used[destination.Uuid] += instance.Demand;
        _count[destination.Uuid]++;
        _hostOf[instance.Uuid] = destination.Uuid;
    }

    /// <summary>Nodes whose projected use exceeds their capacity in any resource.</summary>
    public IEnumerable<ComputeNode> OverloadedNodes() =>
        _cluster.Hosts.Where(n => !(n.Capacity - _used[n.Uuid]).IsNonNegative);
}
