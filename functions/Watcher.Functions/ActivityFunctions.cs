using Microsoft.Azure.Functions.Worker;
using Watcher.Orchestrations;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Functions;

/// <summary>Activity triggers: one per name in <see cref="WatcherTaskRegistration.ActivityNames"/>, each calling the same-named body on <see cref="WatcherActivities"/>.</summary>
public sealed class ActivityFunctions(WatcherActivities activities)
{
    [Function(TaskNames.StartAuditRun)]
    public Task<string> StartAuditRun([ActivityTrigger] AuditRunInput input) => activities.StartAuditRun(input);

    [Function(TaskNames.CollectClusterModel)]
    public Task<SnapshotRef> CollectClusterModel([ActivityTrigger] AuditRunInput input) => activities.CollectClusterModel(input);

    [Function(TaskNames.CollectMetrics)]
    public Task<MetricsRef> CollectMetrics([ActivityTrigger] AuditRunInput input) => activities.CollectMetrics(input);

    [Function(TaskNames.ComputeActionPlan)]
    public Task<PlanSummary> ComputeActionPlan([ActivityTrigger] AuditRunInput input) => activities.ComputeActionPlan(input);

    [Function(TaskNames.CompleteAuditRun)]
    public Task<string> CompleteAuditRun([ActivityTrigger] AuditRunCompletion input) => activities.CompleteAuditRun(input);

    [Function(TaskNames.BeginPlan)]
    public Task<PlanGraph> BeginPlan([ActivityTrigger] string planUuid) => activities.BeginPlan(planUuid);

    [Function(TaskNames.ExecuteAction)]
    public Task<string> ExecuteAction([ActivityTrigger] ExecuteActionInput input) => activities.ExecuteAction(input);

    [Function(TaskNames.RecordActionFailure)]
    public Task<string> RecordActionFailure([ActivityTrigger] ActionFailureInput input) => activities.RecordActionFailure(input);

    [Function(TaskNames.RevertAction)]
    public Task<string> RevertAction([ActivityTrigger] ActionRefInput input) => activities.RevertAction(input);

    [Function(TaskNames.FinishPlan)]
    public Task<string> FinishPlan([ActivityTrigger] PlanCompletion input) => activities.FinishPlan(input);

    [Function(TaskNames.BeginRollback)]
    public Task<IReadOnlyList<string>> BeginRollback([ActivityTrigger] RollbackInput input) => activities.BeginRollback(input);

    [Function(TaskNames.FinishRollback)]
    public Task<string> FinishRollback([ActivityTrigger] RollbackCompletion input) => activities.FinishRollback(input);
}
