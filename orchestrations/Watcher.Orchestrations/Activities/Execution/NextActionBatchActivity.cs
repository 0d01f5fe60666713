using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Watcher.Application;
using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Reads the next batch of a large plan: from the requested page of its action order on, the first page with PENDING
/// actions, as graph nodes whose parents are only those not yet done (a parent on an earlier page that SUCCEEDED or was
/// SKIPPED is dropped; one that did not stays, so its child never starts). Counts the actions already done on the
/// pages it reads, and reports a cancel request on the plan. Reads one page and the parents it names, never the plan.
/// </summary>
public sealed class NextActionBatchActivity(WatcherRepository repository, ActionCatalog catalog, IOptions<ExecutionOptions> options)
    : TaskActivity<PlanBatchRequest, PlanBatch>
{
    public const string Name = "NextActionBatch";

    public override async Task<PlanBatch> RunAsync(TaskActivityContext context, PlanBatchRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await repository.GetPlanSummaryAsync(input.PlanUuid);
        var pages = WatcherRepository.PageCount(plan);
        int succeeded = 0, skipped = 0;
        if (plan.State is ActionPlanState.Cancelling or ActionPlanState.Cancelled)
        {
            return new PlanBatch(input.Page, input.Page, [], true, 0, 0);
        }

        for (var page = input.Page; page < pages; page++)
        {
            var actions = await repository.GetActionPageAsync(plan, page);
            succeeded += actions.Count(a => a.State == ActionState.Succeeded);
            skipped += actions.Count(a => a.State == ActionState.Skipped);
            var pending = actions.Where(a => a.State == ActionState.Pending).ToList();
            if (pending.Count == 0)
            {
                continue;
            }

            var onPage = actions.Select(a => a.Uuid).ToHashSet();
            var elsewhere = pending.SelectMany(a => a.Parents).Where(p => !onPage.Contains(p)).Distinct().ToList();
            var done = actions.Concat(await repository.GetStoredActionsAsync(elsewhere))
                .Where(a => a.State is ActionState.Succeeded or ActionState.Skipped).Select(a => a.Uuid).ToHashSet();
            var nodes = pending
                .Select(a => PlanGraphNodes.Of(a, catalog, options.Value) with { Parents = [.. a.Parents.Where(p => !done.Contains(p))] })
                .ToList();
            return new PlanBatch(page, page + 1, nodes, false, succeeded, skipped);
        }

        return new PlanBatch(pages, pages, [], false, succeeded, skipped);
    }
}
