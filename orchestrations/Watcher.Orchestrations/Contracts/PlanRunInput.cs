namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Input of an action plan execution. <paramref name="Carry"/> is null when it starts; a large plan's execution
/// continues as new with the state of its batches in it.
/// </summary>
public sealed record PlanRunInput(string PlanUuid, PlanBatchCarry? Carry = null);
