using System.ComponentModel.DataAnnotations;

namespace Watcher.Simulator;

/// <summary>Settings of the simulated cluster (configuration section <c>Watcher:Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    [Range(0, 1_000_000)]
    public int Hosts { get; set; } = 20;
    [Range(0, 10_000_000)]
    public int Instances { get; set; } = 100;
    public int Seed { get; set; } = 42;

    /// <summary>A cluster snapshot JSON file to start from instead of a generated cluster.</summary>
    public string? SnapshotFile { get; set; }

    /// <summary>How long each mutating operation takes, to make execution observable.</summary>
    [Range(0, 3_600_000)]
    public int OperationDelayMs { get; set; }
}
