namespace Watcher.Application.Ports;

/// <summary>The simulator as <c>GET /v1/simulator</c> shows it (its JSON form, snake_case, is that route's body).</summary>
/// <param name="Hosts">Compute nodes in the simulated cluster.</param>
/// <param name="Instances">Instances in the simulated cluster.</param>
/// <param name="Version">The state's version; it grows with every change.</param>
/// <param name="Faults">The fault rules in force, with how often each has fired.</param>
/// <param name="Executions">The operations applied so far, oldest first.</param>
public sealed record SimulatorStatus(int Hosts, int Instances, int Version, IReadOnlyList<SimulatorFault> Faults, IReadOnlyList<SimulatorExecution> Executions);
