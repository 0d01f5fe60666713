namespace Watcher.Domain.Cluster;

/// <summary>
/// A mutable working copy of a <see cref="ClusterModel"/> that action definitions apply their effects to: the plan
/// verifier replays a whole plan on it, the simulator applies one action at a time. Changes are kept as overrides
/// over the original model, with per-node usage kept incrementally, so replaying a plan of n actions costs O(n),
/// not O(n × cluster size). <see cref="ToModel"/> materialises the result.
/// </summary>
public sealed class ClusterState
{
    private readonly ClusterModel _original;
    private readonly Dictionary<string, ComputeNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Volume> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoragePool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resources> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _count = new(StringComparer.Ordinal);

    public ClusterState(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _original = cluster;
        foreach (var node in cluster.Hosts)
        {
            _used[node.Uuid] = Resources.Zero;
            _count[node.Uuid] = 0;
        }

        foreach (var instance in cluster.Instances)
        {
            if (_used.TryGetValue(instance.HostUuid, out var used))
            {
                _used[instance.HostUuid] = used + instance.Demand;
                _count[instance.HostUuid]++;
            }
        }
    }

    /// <summary>The model this state started from.</summary>
    public ClusterModel Original => _original;

    /// <summary>True once any change has been applied.</summary>
    public bool IsChanged => _nodes.Count + _instances.Count + _volumes.Count + _pools.Count > 0;

    /// <summary>The current version of a node, by uuid or hostname.</summary>
    public ComputeNode? FindNode(string uuidOrHostname) =>
        _original.FindNode(uuidOrHostname) is { } node ? _nodes.GetValueOrDefault(node.Uuid, node) : null;

    public Instance? FindInstance(string uuid) =>
        _instances.TryGetValue(uuid, out var changed) ? changed : _original.FindInstance(uuid);

    public Volume? FindVolume(string uuid) =>
        _volumes.TryGetValue(uuid, out var changed) ? changed : _original.FindVolume(uuid);

    /// <summary>A flavor of the catalogue by id or name (the catalogue does not change).</summary>
    public Flavor? FindFlavor(string idOrName) => _original.FindFlavor(idOrName);

    public StoragePool? FindPool(string name) =>
        _pools.TryGetValue(name, out var changed) ? changed : _original.FindPool(name);

    /// <summary>Flavor demand placed on a node now.</summary>
    public Resources Used(string nodeUuid) => _used.GetValueOrDefault(nodeUuid);

    /// <summary>What is left on a node after allocation ratios and reservations.</summary>
    public Resources Free(ComputeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Capacity - Used(node.Uuid);
    }

    /// <summary>Number of instances on a node now.</summary>
    public int InstanceCount(string nodeUuid) => _count.GetValueOrDefault(nodeUuid);

    /// <summary>Replaces a node (matched by uuid).</summary>
    public void SetNode(ComputeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes[node.Uuid] = node;
    }

    /// <summary>Replaces an instance (matched by uuid); a changed host moves its demand between nodes.</summary>
    public void SetInstance(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var before = FindInstance(instance.Uuid) ?? throw new InvalidOperationException($"Instance {instance.Uuid} is not in the cluster.");
        Release(before);
        _instances[instance.Uuid] = instance;
        if (_used.TryGetValue(instance.HostUuid, out var used))
        {
            _used[instance.HostUuid] = used + instance.Demand;
            _count[instance.HostUuid]++;
        }
    }

    /// <summary>Replaces a volume (matched by uuid).</summary>
    public void SetVolume(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _volumes[volume.Uuid] = volume;
    }

    /// <summary>Replaces a storage pool (matched by name).</summary>
    public void SetPool(StoragePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pools[pool.Name] = pool;
    }

    /// <summary>Nodes whose current use exceeds their capacity in any resource.</summary>
    public IEnumerable<ComputeNode> OverloadedNodes() =>
        _original.Hosts.Select(n => _nodes.GetValueOrDefault(n.Uuid, n)).Where(n => !Free(n).IsNonNegative);

    /// <summary>The current state as a model (the original when nothing changed).</summary>
    public ClusterModel ToModel()
    {
        if (!IsChanged)
        {
            return _original;
        }

        return new ClusterModel(
            [.. _original.Hosts.Select(n => _nodes.GetValueOrDefault(n.Uuid, n))],
            [.. _original.Instances.Select(i => _instances.GetValueOrDefault(i.Uuid, i))],
            [.. _original.StoragePools.Select(p => _pools.GetValueOrDefault(p.Name, p))],
            [.. _original.Volumes.Select(v => _volumes.GetValueOrDefault(v.Uuid, v))],
            _original.Flavors);
    }

    private void Release(Instance instance)
    {
        if (_used.TryGetValue(instance.HostUuid, out var used))
        {
            _used[instance.HostUuid] = used - instance.Demand;
            _count[instance.HostUuid]--;
        }
    }
}
