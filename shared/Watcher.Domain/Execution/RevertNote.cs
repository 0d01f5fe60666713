namespace Watcher.Domain.Execution;

/// <summary>One action a compensation or rollback did not revert, or could not revert, and why.</summary>
/// <param name="ActionUuid">The action.</param>
/// <param name="Reason">Why: the revert's error, the policy that kept it, or the dependent that could not be reverted.</param>
public sealed record RevertNote(string ActionUuid, string Reason);
