using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Contracts;

/// <summary>How a plan execution ended, with what compensation undid after a failure.</summary>
public sealed record PlanCompletion(string PlanUuid, ActionPlanState State, string? Message, string? FailedActionUuid, IReadOnlyList<string> Reverted, IReadOnlyList<string> RevertFailed);
