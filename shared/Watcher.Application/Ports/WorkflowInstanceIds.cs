namespace Watcher.Application.Ports;

/// <summary>
/// The deterministic instance ids of the workflows (<see cref="IWorkflowEngine"/>): one per audit run, one per plan
/// execution, one per rollback. Declared here so the reconciler can look an instance up from its record alone; the
/// Durable adapter's <c>TaskNames</c> uses the same functions.
/// </summary>
public static class WorkflowInstanceIds
{
    /// <summary>Run <paramref name="run"/> of an audit: <c>audit-{uuid}</c> for the first, <c>audit-{uuid}-run-{n}</c> after.</summary>
    public static string AuditRun(string auditUuid, int run) => run <= 1 ? $"audit-{auditUuid}" : $"audit-{auditUuid}-run-{run}";

    /// <summary>A plan's execution: <c>actionplan-{uuid}</c>.</summary>
    public static string Plan(string planUuid) => $"actionplan-{planUuid}";

    /// <summary>Rollback number <paramref name="number"/> of a plan: <c>rollback-{uuid}-{n}</c>.</summary>
    public static string Rollback(string planUuid, int number) => $"rollback-{planUuid}-{number}";

    /// <summary>True when a workflow in <paramref name="runtimeStatus"/> (as <see cref="WorkflowStatus.RuntimeStatus"/>) will never act again.</summary>
    public static bool IsEnded(string runtimeStatus) => runtimeStatus is "Completed" or "Failed" or "Terminated";
}
