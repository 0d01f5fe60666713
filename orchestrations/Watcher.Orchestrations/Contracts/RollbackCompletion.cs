using Watcher.Domain.Execution;

namespace Watcher.Orchestrations.Contracts;

/// <summary>How a rollback ended; <paramref name="NotReverted"/> lists the picked actions left in place because a dependent could not be reverted.</summary>
public sealed record RollbackCompletion(string PlanUuid, IReadOnlyList<string> Reverted, IReadOnlyList<string> RevertFailed, bool Partial, IReadOnlyList<RevertNote>? NotReverted = null)
{
    /// <summary>Which rollback of the plan this is (<c>ActionPlan.RollbackCount</c> when it started); 0 when unknown.</summary>
    public int Number { get; init; }
}
