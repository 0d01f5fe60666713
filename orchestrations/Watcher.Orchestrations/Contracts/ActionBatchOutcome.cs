namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// How one batch of a large plan ended: counts of its actions by outcome, the first failure if any, whether a cancel
/// stopped it, the completion sequence and hourly-budget starts to carry on, and the plan's progress after it.
/// </summary>
public sealed record ActionBatchOutcome(
    int Succeeded,
    int Skipped,
    int Failed,
    int CancelledRunning,
    int NotStarted,
    bool Cancelled,
    string? FailedActionUuid,
    string? Failure,
    int Sequence,
    IReadOnlyList<DateTimeOffset> Starts,
    PlanProgress Progress);
