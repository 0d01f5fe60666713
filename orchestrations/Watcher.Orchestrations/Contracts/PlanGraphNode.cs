using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>One action of a plan as the orchestrator sees it; <paramref name="SleepSeconds"/> is set for a <c>sleep</c>, which runs as a durable timer.</summary>
public sealed record PlanGraphNode(string Uuid, string ActionType, IReadOnlyList<string> Parents, ActionState State, double? SleepSeconds = null);
