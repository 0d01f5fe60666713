using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies;

/// <summary>Watcher's <c>aggregation_method</c> parameter: how the metrics collector aggregates each resource's series.</summary>
public sealed record AggregationMethods
{
    /// <summary>Aggregation of instance metrics (<c>mean</c>, <c>max</c>, <c>min</c>, <c>count</c>, <c>last</c> or <c>pNN</c>).</summary>
    [JsonPropertyName("instance")]
    public required string Instance { get; init; }

    /// <summary>Aggregation of compute node metrics.</summary>
    [JsonPropertyName("compute_node")]
    public required string ComputeNode { get; init; }

    /// <summary>Deprecated name of <see cref="ComputeNode"/>; when not empty it wins, as in Watcher's <c>pre_execute</c>.</summary>
    [JsonPropertyName("node")]
    public required string Node { get; init; }

    /// <summary>The method used for compute nodes once the deprecated <c>node</c> is taken into account.</summary>
    [JsonIgnore]
    public string EffectiveComputeNode => Node.Length > 0 ? Node : ComputeNode;
}
