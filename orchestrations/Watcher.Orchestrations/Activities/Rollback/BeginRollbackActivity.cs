using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Rollback;

/// <summary>
/// Journals the rollback's start, marks the actions a forced rollback skips (left SUCCEEDED, with a status message saying
/// why), and returns what to revert: the picked actions and their dependents less the skipped ones, over the reversed
/// dependency graph.
/// </summary>
public sealed class BeginRollbackActivity(WatcherRepository repository, ActionCatalog catalog, TimeProvider time) : TaskActivity<RollbackInput, RevertPlan>
{
    public const string Name = "BeginRollback";

    public override async Task<RevertPlan> RunAsync(TaskActivityContext context, RollbackInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "rollback_started", Detail: input.ActionUuids is null ? "all" : string.Join(",", input.ActionUuids)));
        var skipped = input.Skipped ?? [];
        foreach (var skip in skipped)
        {
            // Idempotent on replay: the same message is written again.
            await repository.UpdateActionAsync(input.PlanUuid, skip.ActionUuid, a => a.SkipRevert(skip.Reason, time.GetUtcNow()));
            await repository.JournalAsync(input.PlanUuid, new JournalEntry(time.GetUtcNow(), "action_rollback_skipped", skip.ActionUuid, skip.Reason));
        }

        var left = skipped.Select(s => s.ActionUuid).ToHashSet(StringComparer.Ordinal);
        var targets = RollbackSelection.Select(plan, input.ActionUuids).Where(u => !left.Contains(u)).ToHashSet(StringComparer.Ordinal);
        return RevertPlan.Build(plan, targets, "not selected for this rollback", catalog);
    }
}
