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

        // A skipped (drifted) action is no longer this plan's to keep or undo: the cluster moved on without it. It is left
        // out of the graph, so it holds back nothing it depended on (the maintained host is re-enabled even though one
        // instance stays where the operator moved it); each revert still checks its own pre-condition when it runs.
        var remaining = left.Count == 0 ? plan : plan with { Actions = [.. plan.Actions.Where(a => !left.Contains(a.Uuid))] };
        return RevertPlan.Build(remaining, targets, "not selected for this rollback", catalog);
    }
}
