namespace Watcher.Orchestrations.Contracts;

/// <summary>Input of a rollback: the plan, the actions the user picked (null = all) and the rollback number.</summary>
public sealed record RollbackInput(string PlanUuid, IReadOnlyList<string>? ActionUuids, int Number);
