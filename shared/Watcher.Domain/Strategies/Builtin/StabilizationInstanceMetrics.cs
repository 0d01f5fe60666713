using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary><c>instance_metrics</c> of <see cref="WorkloadStabilizationStrategy"/>: the host metric that matches each instance metric.</summary>
public sealed record StabilizationInstanceMetrics
{
    /// <summary>Host metric for <c>instance_cpu_usage</c>.</summary>
    [JsonPropertyName("instance_cpu_usage")]
    public required string InstanceCpuUsage { get; init; }

    /// <summary>Host metric for <c>instance_ram_usage</c>.</summary>
    [JsonPropertyName("instance_ram_usage")]
    public required string InstanceRamUsage { get; init; }
}
