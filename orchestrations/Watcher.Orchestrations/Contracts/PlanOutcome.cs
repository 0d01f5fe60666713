namespace Watcher.Orchestrations.Contracts;

/// <summary>Output of an action plan or rollback orchestration.</summary>
public sealed record PlanOutcome(string PlanUuid, string State, string? Message);
