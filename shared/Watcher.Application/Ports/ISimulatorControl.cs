using Watcher.Domain.Cluster;

namespace Watcher.Application.Ports;

/// <summary>
/// Controls of a simulated cloud, for tests and demonstrations: its state, fault injection and reset. A simulator
/// adapter registers it (the simulator's <c>AddSimulator(...)</c>); hosts and the HTTP API use it only through this
/// port, so they reference no adapter. It applies only while the simulator is the selected cloud
/// (<see cref="CloudName"/> equals the selected <see cref="Domain.Actions.ICloud.Name"/>).
/// </summary>
public interface ISimulatorControl
{
    /// <summary>The name of the cloud these controls act on, as configuration selects it (<c>Watcher:Cloud</c>).</summary>
    string CloudName { get; }

    /// <summary>The simulated cluster's size, state version, fault rules and the operations applied so far.</summary>
    Task<SimulatorStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the fault rules; ordinals count from now ("the 3rd migrate" is the 3rd one after this call).</summary>
    Task SetFaultsAsync(IReadOnlyList<SimulatorFault> faults, CancellationToken cancellationToken = default);

    /// <summary>Replaces the whole state with the initial cluster, or with <paramref name="cluster"/>, clearing faults and the execution log.</summary>
    Task ResetAsync(ClusterModel? cluster = null, CancellationToken cancellationToken = default);
}
