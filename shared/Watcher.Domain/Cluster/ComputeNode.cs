using System.Text.Json.Serialization;

namespace Watcher.Domain.Cluster;

/// <summary>A hypervisor host with its capacity, reservations, allocation ratios and service status.</summary>
public sealed record ComputeNode
{
    public required string Uuid { get; init; }
    public required string Hostname { get; init; }
    [JsonPropertyName("vcpus")]
    public int VCpus { get; init; }
    [JsonPropertyName("memory")]
    public int MemoryMb { get; init; }
    [JsonPropertyName("disk")]
    public int DiskGb { get; init; }
    [JsonPropertyName("vcpu_reserved")]
    public int VCpuReserved { get; init; }
    public int MemoryMbReserved { get; init; }
    public int DiskGbReserved { get; init; }
    [JsonPropertyName("vcpu_ratio")]
    public double VCpuRatio { get; init; } = 1.0;
    public double MemoryRatio { get; init; } = 1.0;
    public double DiskRatio { get; init; } = 1.0;
    public NodeState State { get; init; } = NodeState.Up;
    public ServiceStatus Status { get; init; } = ServiceStatus.Enabled;
    public string? DisabledReason { get; init; }
    public string? Zone { get; init; }

    /// <summary>The machine's power state from the bare-metal service, or null when the node is not power-managed.</summary>
    public NodePowerState? PowerState { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// What may be allocated on this node. The stricter of Nova placement's <c>(total - reserved) * ratio</c>
    /// and <c>total * ratio - reserved</c>, so a plan never overloads a host under either reading.
    /// </summary>
    [JsonIgnore]
    public Resources Capacity => new(
        Usable(VCpus, VCpuReserved, VCpuRatio),
        Usable(MemoryMb, MemoryMbReserved, MemoryRatio),
        Usable(DiskGb, DiskGbReserved, DiskRatio));

    /// <summary>True when the node is up and its compute service enabled, so it may receive instances.</summary>
    [JsonIgnore]
    public bool IsSchedulable => State == NodeState.Up && Status == ServiceStatus.Enabled;

    private static double Usable(double total, double reserved, double ratio) =>
        Math.Max(0, Math.Min((total - reserved) * ratio, (total * ratio) - reserved));
}
