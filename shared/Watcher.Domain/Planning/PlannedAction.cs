using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>A proposed action placed in the plan's graph: <see cref="Parents"/> are indexes into the planned list.</summary>
public sealed record PlannedAction(ProposedAction Action, IReadOnlyList<int> Parents);
