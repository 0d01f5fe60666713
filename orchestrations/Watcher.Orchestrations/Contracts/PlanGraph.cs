namespace Watcher.Orchestrations.Contracts;

/// <summary>A plan's action graph, or a flag that the plan was cancelled before it started.</summary>
public sealed record PlanGraph(string PlanUuid, IReadOnlyList<PlanGraphNode> Actions, bool Cancelled);
