using System.Text.Json.Serialization;

namespace Watcher.Domain.Cluster;

/// <summary>
/// A snapshot of a compute cluster: its nodes and instances, and optionally its storage pools, volumes and flavor
/// catalogue. This is also the on-disk snapshot format (<c>{"hosts": [...], "instances": [...], "storage_pools": [...],
/// "volumes": [...], "flavors": [...]}</c>, the last three optional; see docs/snapshot-format.md).
/// </summary>
public sealed class ClusterModel
{
    private Dictionary<string, ComputeNode>? _nodesByUuid;
    private Dictionary<string, Instance>? _instancesByUuid;
    private Dictionary<string, List<Instance>>? _instancesByNode;
    private Dictionary<string, StoragePool>? _poolsByName;
    private Dictionary<string, Volume>? _volumesByUuid;
    private Dictionary<string, List<Volume>>? _volumesByPool;

    [JsonConstructor]
    public ClusterModel(IReadOnlyList<ComputeNode> hosts, IReadOnlyList<Instance> instances, IReadOnlyList<StoragePool>? storagePools = null, IReadOnlyList<Volume>? volumes = null, IReadOnlyList<Flavor>? flavors = null)
    {
        Hosts = hosts;
        Instances = instances;
        StoragePools = storagePools ?? [];
        Volumes = volumes ?? [];
        Flavors = flavors ?? [];
    }

    /// <summary>Compute nodes, in a stable order.</summary>
    public IReadOnlyList<ComputeNode> Hosts { get; }

    /// <summary>Instances, in a stable order.</summary>
    public IReadOnlyList<Instance> Instances { get; }

    /// <summary>Cinder storage pools, in a stable order; empty when the snapshot has no storage data.</summary>
    public IReadOnlyList<StoragePool> StoragePools { get; }

    /// <summary>Cinder volumes, in a stable order; empty when the snapshot has no storage data.</summary>
    public IReadOnlyList<Volume> Volumes { get; }

    /// <summary>Nova flavors, in a stable order; empty when the snapshot has no flavor catalogue (then <c>resize</c> is refused).</summary>
    public IReadOnlyList<Flavor> Flavors { get; }

    /// <summary>The flavor with id <paramref name="idOrName"/>, else the first with that name; null when none.</summary>
    public Flavor? FindFlavor(string idOrName) =>
        Flavors.FirstOrDefault(f => string.Equals(f.Id, idOrName, StringComparison.Ordinal))
        ?? Flavors.FirstOrDefault(f => string.Equals(f.Name, idOrName, StringComparison.Ordinal));

    public ComputeNode? FindNode(string uuidOrHostname)
    {
        _nodesByUuid ??= BuildNodeIndex();
        return _nodesByUuid.GetValueOrDefault(uuidOrHostname);
    }

    public Instance? FindInstance(string uuid)
    {
        _instancesByUuid ??= Instances.ToDictionary(i => i.Uuid, StringComparer.Ordinal);
        return _instancesByUuid.GetValueOrDefault(uuid);
    }

    public IReadOnlyList<Instance> InstancesOn(string nodeUuid)
    {
        _instancesByNode ??= BuildPlacementIndex();
        return _instancesByNode.TryGetValue(nodeUuid, out var list) ? list : [];
    }

    public StoragePool? FindPool(string name)
    {
        _poolsByName ??= BuildPoolIndex();
        return _poolsByName.GetValueOrDefault(name);
    }

    public Volume? FindVolume(string uuid)
    {
        _volumesByUuid ??= BuildVolumeIndex();
        return _volumesByUuid.GetValueOrDefault(uuid);
    }

    /// <summary>The volumes living in a pool, in model order.</summary>
    public IReadOnlyList<Volume> VolumesIn(string poolName)
    {
        _volumesByPool ??= BuildVolumesByPoolIndex();
        return _volumesByPool.TryGetValue(poolName, out var list) ? list : [];
    }

    /// <summary>Sum of flavor demand of the instances on a node (every state, as Nova's placement counts them).</summary>
    public Resources UsedOn(string nodeUuid)
    {
        var used = Resources.Zero;
        foreach (var instance in InstancesOn(nodeUuid))
        {
            used += instance.Demand;
        }

        return used;
    }

    /// <summary>Checks the model is consistent: unique ids, every instance on a known node. Returns the problems found.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Hosts)
        {
            if (string.IsNullOrWhiteSpace(node.Uuid))
            {
                problems.Add("a host has no uuid");
            }
            else if (!seen.Add(node.Uuid))
            {
                problems.Add($"duplicate host uuid '{node.Uuid}'");
            }

            if (node.VCpus < 0 || node.MemoryMb < 0 || node.DiskGb < 0)
            {
                problems.Add($"host '{node.Uuid}' has a negative capacity");
            }
        }

        var hostIds = Hosts.Select(h => h.Uuid).ToHashSet(StringComparer.Ordinal);
        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in Instances)
        {
            if (string.IsNullOrWhiteSpace(instance.Uuid))
            {
                problems.Add("an instance has no uuid");
            }
            else if (!instanceIds.Add(instance.Uuid))
            {
                problems.Add($"duplicate instance uuid '{instance.Uuid}'");
            }

            if (!hostIds.Contains(instance.HostUuid))
            {
                problems.Add($"instance '{instance.Uuid}' is on unknown host '{instance.HostUuid}'");
            }

            if (instance.VCpus < 0 || instance.MemoryMb < 0 || instance.DiskGb < 0)
            {
                problems.Add($"instance '{instance.Uuid}' has a negative size");
            }
        }

        ValidateStorage(problems);
        ValidateFlavors(problems);
        return problems;
    }

    /// <summary>Returns a copy with one node replaced.</summary>
    public ClusterModel WithNode(ComputeNode node) =>
        new(Hosts.Select(h => h.Uuid == node.Uuid ? node : h).ToList(), Instances, StoragePools, Volumes, Flavors);

    /// <summary>Returns a copy with one instance replaced.</summary>
    public ClusterModel WithInstance(Instance instance) =>
        new(Hosts, Instances.Select(i => i.Uuid == instance.Uuid ? instance : i).ToList(), StoragePools, Volumes, Flavors);

    /// <summary>Returns a copy with the given storage pools and volumes (compute data unchanged).</summary>
    public ClusterModel WithStorage(IReadOnlyList<StoragePool> storagePools, IReadOnlyList<Volume> volumes) =>
        new(Hosts, Instances, storagePools, volumes, Flavors);

    /// <summary>Returns a copy with the given flavor catalogue (everything else unchanged).</summary>
    public ClusterModel WithFlavors(IReadOnlyList<Flavor> flavors) =>
        new(Hosts, Instances, StoragePools, Volumes, flavors);

    private void ValidateStorage(List<string> problems)
    {
        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in StoragePools)
        {
            if (string.IsNullOrWhiteSpace(pool.Name))
            {
                problems.Add("a storage pool has no name");
            }
            else if (!poolNames.Add(pool.Name))
            {
                problems.Add($"duplicate storage pool '{pool.Name}'");
            }

            if (pool.TotalCapacityGb < 0 || pool.FreeCapacityGb < 0 || pool.AllocatedCapacityGb < 0)
            {
                problems.Add($"storage pool '{pool.Name}' has a negative capacity");
            }
        }

        var volumeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in Volumes)
        {
            if (string.IsNullOrWhiteSpace(volume.Uuid))
            {
                problems.Add("a volume has no uuid");
            }
            else if (!volumeIds.Add(volume.Uuid))
            {
                problems.Add($"duplicate volume uuid '{volume.Uuid}'");
            }

            if (volume.Size < 0)
            {
                problems.Add($"volume '{volume.Uuid}' has a negative size");
            }

            if (volume.Pool is not null && StoragePools.Count > 0 && !poolNames.Contains(volume.Pool))
            {
                problems.Add($"volume '{volume.Uuid}' is in unknown storage pool '{volume.Pool}'");
            }
        }
    }

    private void ValidateFlavors(List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flavor in Flavors)
        {
            if (string.IsNullOrWhiteSpace(flavor.Id))
            {
                problems.Add("a flavor has no id");
            }
            else if (!ids.Add(flavor.Id))
            {
                problems.Add($"duplicate flavor id '{flavor.Id}'");
            }

            if (flavor.VCpus < 0 || flavor.MemoryMb < 0 || flavor.DiskGb < 0)
            {
                problems.Add($"flavor '{flavor.Id}' has a negative size");
            }
        }

        // An instance may name a flavor missing from the catalogue: Nova lets a flavor be deleted while instances use it.
    }

    private Dictionary<string, StoragePool> BuildPoolIndex()
    {
        var index = new Dictionary<string, StoragePool>(StringComparer.Ordinal);
        foreach (var pool in StoragePools)
        {
            index.TryAdd(pool.Name, pool);
        }

        return index;
    }

    private Dictionary<string, Volume> BuildVolumeIndex()
    {
        var index = new Dictionary<string, Volume>(StringComparer.Ordinal);
        foreach (var volume in Volumes)
        {
            index.TryAdd(volume.Uuid, volume);
        }

        return index;
    }

    private Dictionary<string, List<Volume>> BuildVolumesByPoolIndex()
    {
        var index = new Dictionary<string, List<Volume>>(StringComparer.Ordinal);
        foreach (var volume in Volumes)
        {
            if (volume.Pool is null)
            {
                continue;
            }

            if (!index.TryGetValue(volume.Pool, out var list))
            {
                list = [];
                index[volume.Pool] = list;
            }

            list.Add(volume);
        }

        return index;
    }

    private Dictionary<string, ComputeNode> BuildNodeIndex()
    {
        var index = new Dictionary<string, ComputeNode>(StringComparer.Ordinal);
        foreach (var node in Hosts)
        {
            index.TryAdd(node.Uuid, node);
        }

        foreach (var node in Hosts)
        {
            index.TryAdd(node.Hostname, node);
        }

        return index;
    }

    private Dictionary<string, List<Instance>> BuildPlacementIndex()
    {
        var index = new Dictionary<string, List<Instance>>(StringComparer.Ordinal);
        foreach (var instance in Instances)
        {
            if (!index.TryGetValue(instance.HostUuid, out var list))
            {
                list = [];
                index[instance.HostUuid] = list;
            }

            list.Add(instance);
        }

        return index;
    }
}
