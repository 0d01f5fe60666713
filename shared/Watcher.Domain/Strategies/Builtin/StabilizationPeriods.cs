using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary><c>periods</c> of <see cref="WorkloadStabilizationStrategy"/>: aggregation periods in seconds, used by the metrics collector.</summary>
public sealed record StabilizationPeriods
{
    /// <summary>Period for instance metrics.</summary>
    [JsonPropertyName("instance")]
    public required int Instance { get; init; }

    /// <summary>Period for compute node metrics.</summary>
    [JsonPropertyName("compute_node")]
    public required int ComputeNode { get; init; }

    /// <summary>Deprecated name of <see cref="ComputeNode"/>.</summary>
    [JsonPropertyName("node")]
    public required int Node { get; init; }
}
