using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>An item of <c>storage_pools</c> of <see cref="ZoneMigrationStrategy"/>: exactly one of <see cref="DstPool"/> and <see cref="DstType"/> (the schema checks it).</summary>
public sealed record ZoneMigrationStoragePool
{
    /// <summary>Storage pool from which volumes migrate.</summary>
    [JsonPropertyName("src_pool")]
    public required string SrcPool { get; init; }

    /// <summary>Storage pool to which volumes migrate.</summary>
    [JsonPropertyName("dst_pool")]
    public string? DstPool { get; init; }

    /// <summary>Volume type from which volumes migrate: limits the item to volumes of that type.</summary>
    [JsonPropertyName("src_type")]
    public string? SrcType { get; init; }

    /// <summary>Volume type to which volumes are retyped.</summary>
    [JsonPropertyName("dst_type")]
    public string? DstType { get; init; }
}
