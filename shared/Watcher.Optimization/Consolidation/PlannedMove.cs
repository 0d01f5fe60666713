namespace Watcher.Optimization.Consolidation;

/// <summary>One migration in execution order: movable instance index and host indexes.</summary>
internal sealed record PlannedMove(int Instance, int From, int To);
