using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>Marks the plan ONGOING and returns its action graph, or reports that it was cancelled before it started.</summary>
public sealed class BeginPlanActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<string, PlanGraph>
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
            await repository.JournalAsync(planUuid, new JournalEntry(now, "plan_started"));
        }

        return new PlanGraph(plan.Uuid, plan.Actions.Select(a => new PlanGraphNode(
            a.Uuid, a.ActionType, a.Parents, a.State, a.ActionType == ActionTypes.Sleep ? SleepDefinition.Duration(a.InputParameters).TotalSeconds : null)).ToList(), cancelled);
    }
}
