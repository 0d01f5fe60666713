using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary><c>weights</c> of <see cref="WorkloadStabilizationStrategy"/>: per metric, its weight (0–1) in the combined standard deviation.</summary>
public sealed record StabilizationWeights
{
    /// <summary>Weight of <c>instance_cpu_usage</c>.</summary>
    [JsonPropertyName("instance_cpu_usage_weight")]
    public required double InstanceCpuUsageWeight { get; init; }

    /// <summary>Weight of <c>instance_ram_usage</c>.</summary>
    [JsonPropertyName("instance_ram_usage_weight")]
    public required double InstanceRamUsageWeight { get; init; }
}
