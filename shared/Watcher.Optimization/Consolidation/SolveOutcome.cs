namespace Watcher.Optimization.Consolidation;

/// <summary>The packing chosen for the plan and how it was found.</summary>
/// <param name="Packing">The final assignment (always valid).</param>
/// <param name="LowerBound">A proven lower bound on the active hosts.</param>
/// <param name="Mode">"exact" (one CP-SAT model), "decomposition" (FFD then CP-SAT neighbourhoods) or "trivial".</param>
/// <param name="ProvenOptimal">True when CP-SAT proved the plan optimal (fewest hosts, then fewest migrations).</param>
/// <param name="Fallback">True when no CP-SAT solve returned a solution, so the plan is the first-fit-decreasing one.</param>
/// <param name="Solves">CP-SAT solves run.</param>
/// <param name="SolverSeconds">Wall time CP-SAT itself reported, summed over its solves.</param>
internal sealed record SolveOutcome(Packing Packing, int LowerBound, string Mode, bool ProvenOptimal, bool Fallback, int Solves, double SolverSeconds);
