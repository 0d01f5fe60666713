namespace Watcher.Application.Ports;

/// <summary>One operation the simulator actually applied, so tests can prove that nothing ran twice.</summary>
/// <param name="OperationKey">The idempotency key of the operation (action and phase).</param>
/// <param name="Operation">The action type applied.</param>
/// <param name="Target">What it acted on (an instance, a node, a volume).</param>
/// <param name="Detail">A readable account of the change.</param>
/// <param name="At">When it was applied.</param>
public sealed record SimulatorExecution(string OperationKey, string Operation, string Target, string Detail, DateTimeOffset At);
