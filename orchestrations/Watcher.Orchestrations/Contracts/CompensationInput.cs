namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of a plan's compensation: the plan and the action whose failure stopped it.</summary>
public sealed record CompensationInput(string PlanUuid, string FailedActionUuid);
