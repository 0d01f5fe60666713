using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>The plan an audit run produced.</summary>
public sealed record PlanSummary(string PlanUuid, int ActionCount, ActionPlanState State, bool AutoTrigger);
