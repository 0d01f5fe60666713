using Watcher.Application;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Model;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>How an activity describes a stored action to the plan orchestrator.</summary>
internal static class PlanGraphNodes
{
    // A sleep waits on a durable timer in the orchestrator, so its duration is its limit: it gets no timeout.
    public static PlanGraphNode Of(WatcherAction a, ActionCatalog catalog, ExecutionOptions options) => a.ActionType == ActionTypes.Sleep
        ? new(a.Uuid, a.ActionType, a.Parents, a.State, SleepDefinition.Duration(a.InputParameters).TotalSeconds, Footprint: ActionFootprint.Barrier)
        : new(a.Uuid, a.ActionType, a.Parents, a.State, TimeoutSeconds: options.TimeoutSeconds(a.ActionType), Footprint: catalog.Footprint(a.ActionType, a.InputParameters));
}
