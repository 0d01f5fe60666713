using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Watcher.Application;
using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Marks the plan ONGOING and returns its action graph (with each action's timeout and footprint, and the plan's
/// execution policy), or reports that it was cancelled before it started. For a plan whose actions are stored
/// separately it returns no actions, only their number and pages: the orchestrator reads them batch by batch
/// (<see cref="NextActionBatchActivity"/>), so no activity result carries a large plan's whole graph.
/// </summary>
public sealed class BeginPlanActivity(WatcherRepository repository, TimeProvider time, ActionCatalog catalog, IOptions<ExecutionOptions> options)
    : TaskActivity<string, PlanGraph>
{
    public const string Name = "BeginPlan";

    public override async Task<PlanGraph> RunAsync(TaskActivityContext context, string planUuid)
    {
        var now = time.GetUtcNow();
        var plan = await repository.UpdatePlanHeaderAsync(planUuid, p =>
            p.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled ? p : p.Begin(Environment.MachineName, now));
        var cancelled = plan.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled;
        if (!cancelled)
        {
            // Once: a retry after the line was appended but the answer lost (a storage outage) must not write it twice.
            await repository.JournalOnceAsync(planUuid, new JournalEntry(now, "plan_started"));
        }

        return plan.StoredActionCount is { } count
            ? new PlanGraph(plan.Uuid, [], cancelled, plan.ExecutionPolicy, count, WatcherRepository.PageCount(plan))
            : new PlanGraph(plan.Uuid, plan.Actions.Select(a => PlanGraphNodes.Of(a, catalog, options.Value)).ToList(), cancelled, plan.ExecutionPolicy);
    }
}
