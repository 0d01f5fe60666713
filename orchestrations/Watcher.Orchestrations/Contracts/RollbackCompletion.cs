namespace Watcher.Orchestrations.Contracts;

/// <summary>How a rollback ended.</summary>
public sealed record RollbackCompletion(string PlanUuid, IReadOnlyList<string> Reverted, IReadOnlyList<string> RevertFailed, bool Partial);
