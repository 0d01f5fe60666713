namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of an action plan execution.</summary>
public sealed record PlanRunInput(string PlanUuid);
