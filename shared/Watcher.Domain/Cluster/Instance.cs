using System.Text.Json.Serialization;

namespace Watcher.Domain.Cluster;

/// <summary>A virtual machine: its flavor size, state and the node it is placed on.</summary>
public sealed record Instance
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    [JsonPropertyName("vcpus")]
    public int VCpus { get; init; }
    [JsonPropertyName("memory")]
    public int MemoryMb { get; init; }
    [JsonPropertyName("disk")]
    public int DiskGb { get; init; }
    public string State { get; init; } = InstanceState.Active;
    [JsonPropertyName("host")]
    public required string HostUuid { get; init; }
    public string? ProjectId { get; init; }
    public bool WatcherExclude { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The name (or id) of the instance's flavor in <see cref="ClusterModel.Flavors"/>, or null when unknown (older
    /// snapshots, the flat data model). The size fields above are what placement counts either way.
    /// </summary>
    public string? Flavor { get; init; }

    /// <summary>The flavor's demand on the placement resources.</summary>
    [JsonIgnore]
    public Resources Demand => new(VCpus, MemoryMb, DiskGb);
}
