namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of one action's execution; <paramref name="Sequence"/> is its completion order.</summary>
public sealed record ExecuteActionInput(string PlanUuid, string ActionUuid, int Sequence);
