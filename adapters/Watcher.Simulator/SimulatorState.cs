using Watcher.Application.Ports;
using Watcher.Domain.Cluster;

namespace Watcher.Simulator;

/// <summary>The persisted state of the simulated cloud: the cluster, applied operation keys, the execution log and faults.</summary>
public sealed record SimulatorState
{
    public required ClusterModel Cluster { get; init; }

    /// <summary>Operation keys already applied; a repeated key is acknowledged without applying it again.</summary>
    public IReadOnlyList<string> AppliedKeys { get; init; } = [];

    /// <summary>Distinct operation keys seen per "type:phase", in arrival order, for fault ordinals.</summary>
    public IReadOnlyDictionary<string, List<string>> SeenKeys { get; init; } = new Dictionary<string, List<string>>();

    public IReadOnlyList<SimulatorExecution> Executions { get; init; } = [];

    public IReadOnlyList<SimulatorFault> Faults { get; init; } = [];

    /// <summary>Every instance move applied, oldest first, with the cloud's time: the history replays them.</summary>
    public IReadOnlyList<PlacementChange> Placements { get; init; } = [];

    public int Version { get; init; }
}
