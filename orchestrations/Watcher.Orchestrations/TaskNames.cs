namespace Watcher.Orchestrations;

/// <summary>The names orchestrators and activities are registered under, shared by every host.</summary>
public static class TaskNames
{
    public const string AuditOrchestrator = "AuditOrchestrator";
    public const string ActionPlanOrchestrator = "ActionPlanOrchestrator";
    public const string RollbackOrchestrator = "RollbackOrchestrator";

    public const string StartAuditRun = "StartAuditRun";
    public const string CollectClusterModel = "CollectClusterModel";
    public const string CollectMetrics = "CollectMetrics";
    public const string ComputeActionPlan = "ComputeActionPlan";
    public const string CompleteAuditRun = "CompleteAuditRun";
    public const string BeginPlan = "BeginPlan";
    public const string ExecuteAction = "ExecuteAction";
    public const string RecordActionFailure = "RecordActionFailure";
    public const string RevertAction = "RevertAction";
    public const string FinishPlan = "FinishPlan";
    public const string BeginRollback = "BeginRollback";
    public const string FinishRollback = "FinishRollback";

    /// <summary>External event a plan orchestration listens for to stop starting new actions.</summary>
    public const string CancelEvent = "cancel";

    public static string AuditInstanceId(string auditUuid, int run) => run <= 1 ? $"audit-{auditUuid}" : $"audit-{auditUuid}-run-{run}";

    public static string PlanInstanceId(string planUuid) => $"actionplan-{planUuid}";

    public static string RollbackInstanceId(string planUuid, int number) => $"rollback-{planUuid}-{number}";
}
