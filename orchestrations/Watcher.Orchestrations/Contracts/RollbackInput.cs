using Watcher.Domain.Planning;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// Input of a rollback: the plan, the actions the user picked (null = all), the rollback number, and the actions a
/// forced rollback leaves as they are because the cluster drifted (null = none).
/// </summary>
public sealed record RollbackInput(string PlanUuid, IReadOnlyList<string>? ActionUuids, int Number, IReadOnlyList<SkippedRevert>? Skipped = null);
