using Microsoft.DurableTask;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Journals the start of a failed plan's compensation and returns what to revert, as the plan's compensation policy
/// says (all, the failed action's branch, or none), read from the stored actions so a replay sees the same plan.
/// </summary>
public sealed class BeginCompensationActivity(WatcherRepository repository, ActionCatalog catalog, TimeProvider time) : TaskActivity<CompensationInput, RevertPlan>
{
    public const string Name = "BeginCompensation";

    public override async Task<RevertPlan> RunAsync(TaskActivityContext context, CompensationInput input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        var reverts = RevertPlan.ForCompensation(plan, input.FailedActionUuid, catalog);
        var policy = plan.ExecutionPolicy.Compensation.ToString().ToLowerInvariant();
        await repository.JournalAsync(input.PlanUuid, new JournalEntry(
            time.GetUtcNow(), "compensation_started", input.FailedActionUuid, $"policy {policy}: {reverts.Steps.Count} to revert, {reverts.Kept.Count} kept"));
        return reverts;
    }
}
