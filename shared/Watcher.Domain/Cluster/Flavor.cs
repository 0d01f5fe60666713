using System.Text.Json.Serialization;

namespace Watcher.Domain.Cluster;

/// <summary>
/// A Nova flavor: the size an instance of it takes on its host. Optional in the snapshot format
/// (<c>"flavors": [...]</c>); <c>resize</c> needs the catalogue to know the target size.
/// </summary>
public sealed record Flavor
{
    /// <summary>The flavor's id (Nova's flavor id; <c>resize</c> accepts it or the name).</summary>
    public required string Id { get; init; }

    /// <summary>The flavor's name, e.g. <c>m1.small</c>; instances record it in <see cref="Instance.Flavor"/>.</summary>
    public required string Name { get; init; }

    [JsonPropertyName("vcpus")]
    public int VCpus { get; init; }

    /// <summary>RAM in MB.</summary>
    [JsonPropertyName("memory")]
    public int MemoryMb { get; init; }

    /// <summary>Root disk in GB.</summary>
    [JsonPropertyName("disk")]
    public int DiskGb { get; init; }

    /// <summary>The demand an instance of this flavor places on its host.</summary>
    [JsonIgnore]
    public Resources Demand => new(VCpus, MemoryMb, DiskGb);

    /// <summary>True when <paramref name="idOrName"/> names this flavor by id or by name.</summary>
    public bool Matches(string? idOrName) =>
        idOrName is not null && (string.Equals(Id, idOrName, StringComparison.Ordinal) || string.Equals(Name, idOrName, StringComparison.Ordinal));
}
