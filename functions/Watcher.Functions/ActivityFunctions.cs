using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Watcher.Orchestrations;
using Watcher.Domain.Execution;
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
/// The activity classes need no registration: each call builds one with its dependencies from the container.
/// </summary>
public sealed class ActivityFunctions(IServiceProvider services)
{
    private readonly WatcherActivities _activities = new(services);

    [Function(StartAuditRunActivity.Name)]
    public Task<string> StartAuditRun([ActivityTrigger] AuditRunInput input) => _activities.RunAsync<StartAuditRunActivity, AuditRunInput, string>(input);

    [Function(CollectClusterModelActivity.Name)]
    public Task<SnapshotRef> CollectClusterModel([ActivityTrigger] AuditRunInput input) => _activities.RunAsync<CollectClusterModelActivity, AuditRunInput, SnapshotRef>(input);

    [Function(CollectMetricsActivity.Name)]
    public Task<MetricsRef> CollectMetrics([ActivityTrigger] AuditRunInput input) => _activities.RunAsync<CollectMetricsActivity, AuditRunInput, MetricsRef>(input);

    [Function(CollectHistoryChunkActivity.Name)]
    public Task<HistoryChunkRef> CollectHistoryChunk([ActivityTrigger] HistoryChunkInput input) => _activities.RunAsync<CollectHistoryChunkActivity, HistoryChunkInput, HistoryChunkRef>(input);

    [Function(ComputeActionPlanActivity.Name)]
    public Task<PlanSummary> ComputeActionPlan([ActivityTrigger] AuditRunInput input) => _activities.RunAsync<ComputeActionPlanActivity, AuditRunInput, PlanSummary>(input);

    [Function(CompleteAuditRunActivity.Name)]
    public Task<AuditState> CompleteAuditRun([ActivityTrigger] AuditRunCompletion input) => _activities.RunAsync<CompleteAuditRunActivity, AuditRunCompletion, AuditState>(input);

    /// <summary>The workflow engine comes from the trigger's durable client: the Functions app registers none in its container.</summary>
    [Function(StartTriggeredPlanActivity.Name)]
    public Task<string> StartTriggeredPlan([ActivityTrigger] PlanRunInput input, [DurableClient] DurableTaskClient client) =>
        _activities.RunWithAsync<StartTriggeredPlanActivity, PlanRunInput, string>(input, new DurableWorkflowEngine(client));

    [Function(BeginPlanActivity.Name)]
    public Task<PlanGraph> BeginPlan([ActivityTrigger] string input) => _activities.RunAsync<BeginPlanActivity, string, PlanGraph>(input);

    [Function(NextActionBatchActivity.Name)]
    public Task<PlanBatch> NextActionBatch([ActivityTrigger] PlanBatchRequest input) => _activities.RunAsync<NextActionBatchActivity, PlanBatchRequest, PlanBatch>(input);

    [Function(AcquireLeasesActivity.Name)]
    public Task<LeaseAcquisition> AcquireLeases([ActivityTrigger] LeaseRequest input) => _activities.RunAsync<AcquireLeasesActivity, LeaseRequest, LeaseAcquisition>(input);

    [Function(ExecuteActionActivity.Name)]
    public Task<ActionState> ExecuteAction([ActivityTrigger] ExecuteActionInput input) => _activities.RunAsync<ExecuteActionActivity, ExecuteActionInput, ActionState>(input);

    [Function(AbortActionActivity.Name)]
    public Task<bool> AbortAction([ActivityTrigger] ActionRefInput input) => _activities.RunAsync<AbortActionActivity, ActionRefInput, bool>(input);

    [Function(RecordPlanWaitActivity.Name)]
    public Task<bool> RecordPlanWait([ActivityTrigger] PlanWaitInput input) => _activities.RunAsync<RecordPlanWaitActivity, PlanWaitInput, bool>(input);

    [Function(RecordActionFailureActivity.Name)]
    public Task<ActionState> RecordActionFailure([ActivityTrigger] ActionFailureInput input) => _activities.RunAsync<RecordActionFailureActivity, ActionFailureInput, ActionState>(input);

    [Function(BeginCompensationActivity.Name)]
    public Task<RevertPlan> BeginCompensation([ActivityTrigger] CompensationInput input) => _activities.RunAsync<BeginCompensationActivity, CompensationInput, RevertPlan>(input);

    [Function(FinishPlanActivity.Name)]
    public Task<ActionPlanState> FinishPlan([ActivityTrigger] PlanCompletion input) => _activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(input);

    [Function(RevertActionActivity.Name)]
    public Task<ActionState> RevertAction([ActivityTrigger] ActionRefInput input) => _activities.RunAsync<RevertActionActivity, ActionRefInput, ActionState>(input);

    [Function(BeginRollbackActivity.Name)]
    public Task<RevertPlan> BeginRollback([ActivityTrigger] RollbackInput input) => _activities.RunAsync<BeginRollbackActivity, RollbackInput, RevertPlan>(input);

    [Function(FinishRollbackActivity.Name)]
    public Task<ActionPlanState> FinishRollback([ActivityTrigger] RollbackCompletion input) => _activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(input);
}
