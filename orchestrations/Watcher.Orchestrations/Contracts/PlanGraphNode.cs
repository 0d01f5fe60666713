using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>One action of a plan as the orchestrator sees it.</summary>
public sealed record PlanGraphNode(string Uuid, string ActionType, IReadOnlyList<string> Parents, ActionState State);
