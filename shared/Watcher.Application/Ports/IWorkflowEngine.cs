using Watcher.Domain.Planning;

namespace Watcher.Application.Ports;

/// <summary>
/// The durable workflow engine the application services schedule work on (the Durable Task orchestrations). Each
/// call is keyed by a deterministic instance id, so scheduling the same run twice is refused rather than duplicated.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>Schedules run <paramref name="run"/> of an audit, producing plan <paramref name="planUuid"/>; returns the instance id.</summary>
    Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default);

    /// <summary>
    /// Schedules the execution of an action plan; returns the instance id. Scheduling a plan whose earlier execution
    /// instance has ended (a stuck plan) replaces that instance.
    /// </summary>
    Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks a running plan to stop starting actions. Returns false when the plan's workflow is not running (never
    /// scheduled, or already finished), so nothing would ever act on the request.
    /// </summary>
    Task<bool> CancelPlanAsync(string planUuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// True while a plan's execution workflow exists and has not ended (scheduled, running or waiting). False when it
    /// was never scheduled or has ended, so a PENDING plan in that case is stuck and may be scheduled again.
    /// </summary>
    Task<bool> IsPlanRunningAsync(string planUuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Schedules rollback number <paramref name="number"/> of a plan (all succeeded actions, or the given ones and their
    /// dependents), leaving out <paramref name="skipped"/> (a forced rollback's drift); returns the instance id.
    /// </summary>
    Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<SkippedRevert>? skipped, CancellationToken cancellationToken = default);

    /// <summary>The status of a workflow instance, or null when it does not exist.</summary>
    Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default);
}
