using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Asks the cloud to abort an action whose timeout expired while it ran (Watcher's <c>abort</c>). Returns true when the
/// cloud stopped it, false when this cloud cannot abort it; the orchestrator then fails the action either way.
/// </summary>
public sealed class AbortActionActivity(WatcherRepository repository, ICloud cloud, ActionRegistry actions, TimeProvider time)
    : TaskActivity<ActionRefInput, bool>
{
    public const string Name = "AbortAction";

    public override async Task<bool> RunAsync(TaskActivityContext context, ActionRefInput input)
    {
        var action = await repository.GetPlanActionAsync(input.PlanUuid, input.ActionUuid);
        var runner = actions.Get(action.ActionType);
        var aborted = await runner.AbortAsync(new ActionContext(action, cloud, await cloud.GetClusterAsync(), CancellationToken.None));
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_aborted", action.Uuid, aborted ? "abort: done" : "abort: not supported"));
        return aborted;
    }
}
