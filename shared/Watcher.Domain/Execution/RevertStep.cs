using Watcher.Domain.Actions;

namespace Watcher.Domain.Execution;

/// <summary>
/// One revert of a <see cref="RevertPlan"/>: the action to undo, its footprint (for the disruption budget) and
/// <paramref name="After"/>, every action whose effect is still in place that depends on it, directly or through
/// others. Those must be undone first; if any of them is not, this one is not reverted either.
/// </summary>
/// <param name="ActionUuid">The action to undo.</param>
/// <param name="ActionType">Its type, for messages.</param>
/// <param name="Footprint">What it touches, so reverts run within the same concurrency limits as execution.</param>
/// <param name="After">The dependents to undo before it (transitively, those whose effect is still in place).</param>
public sealed record RevertStep(string ActionUuid, string ActionType, ActionFootprint Footprint, IReadOnlyList<string> After);
