using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Watcher.Application;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Marks the plan ONGOING and returns its action graph (with each action's timeout and footprint, and the plan's
/// execution policy), or reports that it was cancelled before it started.
/// </summary>
public sealed class BeginPlanActivity(WatcherRepository repository, TimeProvider time, ActionCatalog catalog, IOptions<ExecutionOptions> options)
    : TaskActivity<string, PlanGraph>
{
    public const string Name = "BeginPlan";

    public override async Task<PlanGraph> RunAsync(TaskActivityContext context, string planUuid)
    {
        var now = time.GetUtcNow();
        var plan = await repository.UpdatePlanAsync(planUuid, p =>
            p.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled ? p : p.Begin(Environment.MachineName, now));
        var cancelled = plan.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled;
        if (!cancelled)
        {
            // Once: a retry after the line was appended but the answer lost (a storage outage) must not write it twice.
            await repository.JournalOnceAsync(planUuid, new JournalEntry(now, "plan_started"));
        }

        return new PlanGraph(plan.Uuid, plan.Actions.Select(Node).ToList(), cancelled, plan.ExecutionPolicy);
    }

    // A sleep waits on a durable timer in the orchestrator, so its duration is its limit: it gets no timeout.
    private PlanGraphNode Node(WatcherAction a) => a.ActionType == ActionTypes.Sleep
        ? new(a.Uuid, a.ActionType, a.Parents, a.State, SleepDefinition.Duration(a.InputParameters).TotalSeconds, Footprint: ActionFootprint.Barrier)
        : new(a.Uuid, a.ActionType, a.Parents, a.State, TimeoutSeconds: options.Value.TimeoutSeconds(a.ActionType), Footprint: catalog.Footprint(a.ActionType, a.InputParameters));
}
