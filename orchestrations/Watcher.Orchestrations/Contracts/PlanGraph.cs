using Watcher.Domain.Execution;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// A plan's action graph and execution policy, or a flag that the plan was cancelled before it started. For a large
/// plan (actions stored separately) <see cref="Actions"/> is empty, <see cref="TotalActions"/> is its size and
/// <see cref="Pages"/> how many pages of action order it is read in, batch by batch.
/// </summary>
public sealed record PlanGraph(string PlanUuid, IReadOnlyList<PlanGraphNode> Actions, bool Cancelled, ExecutionPolicy? Policy = null, int? TotalActions = null, int? Pages = null);
