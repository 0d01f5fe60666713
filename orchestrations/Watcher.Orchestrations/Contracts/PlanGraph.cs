using Watcher.Domain.Execution;

namespace Watcher.Orchestrations.Contracts;

/// <summary>A plan's action graph and execution policy, or a flag that the plan was cancelled before it started.</summary>
public sealed record PlanGraph(string PlanUuid, IReadOnlyList<PlanGraphNode> Actions, bool Cancelled, ExecutionPolicy? Policy = null);
