namespace Watcher.Domain.Execution;

/// <summary>What a compensation or rollback did: the actions it reverted, those whose revert failed, and those it left in place.</summary>
/// <param name="Reverted">Reverted, in the order their reverts completed.</param>
/// <param name="RevertFailed">Reverts that failed after their retries, with the error.</param>
/// <param name="NotReverted">Actions left in place, with why (policy, selection, or a dependent that could not be reverted).</param>
public sealed record RevertResult(IReadOnlyList<string> Reverted, IReadOnlyList<RevertNote> RevertFailed, IReadOnlyList<RevertNote> NotReverted);
