using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>An item of <c>compute_nodes</c> of <see cref="ZoneMigrationStrategy"/>.</summary>
public sealed record ZoneMigrationComputeNode
{
    /// <summary>Compute node from which instances migrate (hostname or uuid).</summary>
    [JsonPropertyName("src_node")]
    public required string SrcNode { get; init; }

    /// <summary>Compute node to which instances migrate; the strategy chooses when absent.</summary>
    [JsonPropertyName("dst_node")]
    public string? DstNode { get; init; }
}
