using Microsoft.Azure.Functions.Worker;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Audit;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Functions;

/// <summary>
/// Activity triggers. The Functions SDK needs one <c>[Function]</c> method per activity; each is named by its
/// activity class's <c>Name</c> constant and only delegates to that class. A test checks they match the classes.
/// </summary>
public sealed class ActivityFunctions(WatcherActivities activities)
{
    [Function(StartAuditRunActivity.Name)]
    public Task<string> StartAuditRun([ActivityTrigger] AuditRunInput input) => activities.RunAsync<StartAuditRunActivity, AuditRunInput, string>(input);

    [Function(CollectClusterModelActivity.Name)]
    public Task<SnapshotRef> CollectClusterModel([ActivityTrigger] AuditRunInput input) => activities.RunAsync<CollectClusterModelActivity, AuditRunInput, SnapshotRef>(input);

    [Function(CollectMetricsActivity.Name)]
    public Task<MetricsRef> CollectMetrics([ActivityTrigger] AuditRunInput input) => activities.RunAsync<CollectMetricsActivity, AuditRunInput, MetricsRef>(input);

    [Function(ComputeActionPlanActivity.Name)]
    public Task<PlanSummary> ComputeActionPlan([ActivityTrigger] AuditRunInput input) => activities.RunAsync<ComputeActionPlanActivity, AuditRunInput, PlanSummary>(input);

    [Function(CompleteAuditRunActivity.Name)]
    public Task<AuditState> CompleteAuditRun([ActivityTrigger] AuditRunCompletion input) => activities.RunAsync<CompleteAuditRunActivity, AuditRunCompletion, AuditState>(input);

    [Function(BeginPlanActivity.Name)]
    public Task<PlanGraph> BeginPlan([ActivityTrigger] string input) => activities.RunAsync<BeginPlanActivity, string, PlanGraph>(input);

    [Function(ExecuteActionActivity.Name)]
    public Task<ActionState> ExecuteAction([ActivityTrigger] ExecuteActionInput input) => activities.RunAsync<ExecuteActionActivity, ExecuteActionInput, ActionState>(input);

    [Function(RecordActionFailureActivity.Name)]
    public Task<ActionState> RecordActionFailure([ActivityTrigger] ActionFailureInput input) => activities.RunAsync<RecordActionFailureActivity, ActionFailureInput, ActionState>(input);

    [Function(FinishPlanActivity.Name)]
    public Task<ActionPlanState> FinishPlan([ActivityTrigger] PlanCompletion input) => activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(input);

    [Function(RevertActionActivity.Name)]
    public Task<ActionState> RevertAction([ActivityTrigger] ActionRefInput input) => activities.RunAsync<RevertActionActivity, ActionRefInput, ActionState>(input);

    [Function(BeginRollbackActivity.Name)]
    public Task<IReadOnlyList<string>> BeginRollback([ActivityTrigger] RollbackInput input) => activities.RunAsync<BeginRollbackActivity, RollbackInput, IReadOnlyList<string>>(input);

    [Function(FinishRollbackActivity.Name)]
    public Task<ActionPlanState> FinishRollback([ActivityTrigger] RollbackCompletion input) => activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(input);
}
