using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Watcher.Application.Services;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Execution;

/// <summary>
/// Takes a plan's resource leases (every host and instance its actions touch) before its execution or rollback acts,
/// all or nothing; reports the running plan that holds them otherwise. A plan that is no longer running (a cancel
/// arrived while it waited) needs no lease: it will not act. The first wait and the acquisition after a wait are
/// journalled. Idempotent: leases the plan already holds count as taken.
/// </summary>
public sealed class AcquireLeasesActivity(WatcherRepository repository, ResourceLeases leases, IOptions<LeaseOptions> options, TimeProvider time)
    : TaskActivity<LeaseRequest, LeaseAcquisition>
{
    public const string Name = "AcquireLeases";

    public override async Task<LeaseAcquisition> RunAsync(TaskActivityContext context, LeaseRequest input)
    {
        var plan = await repository.GetPlanAsync(input.PlanUuid);
        if (plan.State is not (ActionPlanState.Pending or ActionPlanState.Ongoing or ActionPlanState.RollingBack))
        {
            return new LeaseAcquisition(true, null, null, 0);
        }

        var now = time.GetUtcNow();
        if (await leases.AcquireAsync(plan, now) is not { } conflict)
        {
            if (input.Attempt > 1)
            {
                await repository.JournalAsync(plan.Uuid, new JournalEntry(now, "leases_acquired", Detail: $"after {input.Attempt - 1} wait(s)"));
            }

            return new LeaseAcquisition(true, null, null, 0);
        }

        if (input.Attempt == 1)
        {
            await repository.JournalAsync(plan.Uuid, new JournalEntry(now, "waiting_for_plan", Detail: conflict.ToString()));
        }

        return new LeaseAcquisition(false, conflict.HolderPlanUuid, conflict.Describe(), Math.Max(1, options.Value.PollSeconds));
    }
}
