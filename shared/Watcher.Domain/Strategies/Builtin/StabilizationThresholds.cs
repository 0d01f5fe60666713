using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary><c>thresholds</c> of <see cref="WorkloadStabilizationStrategy"/>: per metric, the standard deviation (0–1) above which the cluster is rebalanced.</summary>
public sealed record StabilizationThresholds
{
    /// <summary>Threshold of <c>instance_cpu_usage</c>.</summary>
    [JsonPropertyName("instance_cpu_usage")]
    public required double InstanceCpuUsage { get; init; }

    /// <summary>Threshold of <c>instance_ram_usage</c>.</summary>
    [JsonPropertyName("instance_ram_usage")]
    public required double InstanceRamUsage { get; init; }
}
