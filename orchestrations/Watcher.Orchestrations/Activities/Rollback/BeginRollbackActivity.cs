using Microsoft.DurableTask;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>Journals the rollback's start and returns the actions to revert, in the order to revert them.</summary>
public sealed class BeginRollbackActivity(WatcherRepository repository, TimeProvider time) : TaskActivity<RollbackInput, IReadOnlyList<string>>
{
    public const string Name = "BeginRollback";

    public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, RollbackInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "rollback_started", Detail: input.ActionUuids is null ? "all" : string.Join(",", input.ActionUuids)));
        return RollbackSelection.Select(plan, input.ActionUuids);
    }
}
