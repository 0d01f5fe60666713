using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>
/// How a plan execution ended, with what compensation undid after a failure: reverted, failed to revert, and
/// <paramref name="NotReverted"/> (left in place by <paramref name="Policy"/> or because a dependent could not be reverted).
/// </summary>
public sealed record PlanCompletion(
    string PlanUuid,
    ActionPlanState State,
    string? Message,
    string? FailedActionUuid,
    IReadOnlyList<string> Reverted,
    IReadOnlyList<string> RevertFailed,
    IReadOnlyList<RevertNote>? NotReverted = null,
    CompensationPolicy? Policy = null);
