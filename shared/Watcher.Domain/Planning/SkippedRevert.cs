namespace Watcher.Domain.Planning;

/// <summary>An action a forced rollback leaves as it is, because its revert's pre-condition failed (the drift named in <see cref="Reason"/>).</summary>
public sealed record SkippedRevert(string ActionUuid, string Reason);
