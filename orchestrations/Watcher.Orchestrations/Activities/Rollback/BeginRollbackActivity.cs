using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>Journals the rollback's start and returns what to revert: the picked actions and their dependents, over the reversed dependency graph.</summary>
public sealed class BeginRollbackActivity(WatcherRepository repository, ActionCatalog catalog, TimeProvider time) : TaskActivity<RollbackInput, RevertPlan>
{
    public const string Name = "BeginRollback";

    public override async Task<RevertPlan> RunAsync(TaskActivityContext context, RollbackInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "rollback_started", Detail: input.ActionUuids is null ? "all" : string.Join(",", input.ActionUuids)));
        return RevertPlan.ForRollback(plan, input.ActionUuids, catalog);
    }
}
