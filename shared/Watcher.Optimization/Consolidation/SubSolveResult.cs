namespace Watcher.Optimization.Consolidation;

/// <summary>What one CP-SAT solve of a (sub-)model returned.</summary>
/// <param name="Assignment">The new host of each instance of the sub-model, or null when the solver found no solution.</param>
/// <param name="Optimal">True when the solver proved the sub-model optimal.</param>
/// <param name="ActiveLowerBound">The solver's proven lower bound on the sub-model's active hosts.</param>
/// <param name="WallSeconds">The solver's own wall time.</param>
internal sealed record SubSolveResult(IReadOnlyDictionary<int, int>? Assignment, bool Optimal, int ActiveLowerBound, double WallSeconds);
