namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of one action's execution; <paramref name="Sequence"/> is its completion order, <paramref name="Step"/> which part runs.</summary>
public sealed record ExecuteActionInput(string PlanUuid, string ActionUuid, int Sequence, ActionStep Step = ActionStep.Run);
