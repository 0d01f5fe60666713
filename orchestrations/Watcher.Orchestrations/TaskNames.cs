using Watcher.Application.Ports;

namespace Watcher.Orchestrations;

/// <summary>
/// Orchestration instance ids and event names, shared by every host. Orchestrator and activity names are declared
/// once, as the <c>Name</c> constant of each class (see <see cref="WatcherTaskRegistration"/>).
/// </summary>
public static class TaskNames
{
    /// <summary>External event a plan orchestration listens for to stop starting new actions.</summary>
    public const string CancelEvent = "cancel";

    public static string AuditInstanceId(string auditUuid, int run) => WorkflowInstanceIds.AuditRun(auditUuid, run);

    public static string PlanInstanceId(string planUuid) => WorkflowInstanceIds.Plan(planUuid);

    public static string RollbackInstanceId(string planUuid, int number) => WorkflowInstanceIds.Rollback(planUuid, number);
}
