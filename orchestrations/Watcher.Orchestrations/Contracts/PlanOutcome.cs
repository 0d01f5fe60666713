using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>Output of an action plan or rollback orchestration.</summary>
public sealed record PlanOutcome(string PlanUuid, ActionPlanState State, string? Message);
