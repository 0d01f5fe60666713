using System.Text.Json.Serialization;

namespace Watcher.Domain.Cluster;

/// <summary>
/// A snapshot of a compute cluster: its nodes and instances. This is also the on-disk snapshot format
/// (<c>{"hosts": [...], "instances": [...]}</c>, see docs/snapshot-format.md).
/// </summary>
public sealed class ClusterModel
{
    private Dictionary<string, ComputeNode>? _nodesByUuid;
    private Dictionary<string, Instance>? _instancesByUuid;
    private Dictionary<string, List<Instance>>? _instancesByNode;

    [JsonConstructor]
    public ClusterModel(IReadOnlyList<ComputeNode> hosts, IReadOnlyList<Instance> instances)
    {
        Hosts = hosts;
        Instances = instances;
    }

    /// <summary>Compute nodes, in a stable order.</summary>
    public IReadOnlyList<ComputeNode> Hosts { get; }

    /// <summary>Instances, in a stable order.</summary>
    public IReadOnlyList<Instance> Instances { get; }

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

        return problems;
    }

    /// <summary>Returns a copy with one node replaced.</summary>
    public ClusterModel WithNode(ComputeNode node) =>
        new(Hosts.Select(h => h.Uuid == node.Uuid ? node : h).ToList(), Instances);

    /// <summary>Returns a copy with one instance replaced.</summary>
    public ClusterModel WithInstance(Instance instance) =>
        new(Hosts, Instances.Select(i => i.Uuid == instance.Uuid ? instance : i).ToList());

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
