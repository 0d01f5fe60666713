namespace Watcher.Optimization.Consolidation;

/// <summary>The migrations in a safe order, the instances left where they are, and the detours taken.</summary>
/// <param name="Moves">Migrations in order; each fits its destination once every earlier one is done.</param>
/// <param name="Skipped">Instances whose planned move could not be ordered safely; they stay on their host.</param>
/// <param name="Bounces">Instances parked on a third host to break a cycle (each adds one migration).</param>
internal sealed record MoveSequence(IReadOnlyList<PlannedMove> Moves, IReadOnlyList<int> Skipped, IReadOnlyList<int> Bounces);
