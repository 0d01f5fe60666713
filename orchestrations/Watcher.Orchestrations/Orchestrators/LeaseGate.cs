using Microsoft.DurableTask;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// The one line at the top of every orchestration that acts on a plan's resources (execution, rollback, return):
/// takes the plan's resource leases, waiting on a durable timer while another running plan holds any of them, with
/// the custom status "waiting for action plan X (host Y)". The finish activities release the leases.
/// </summary>
public static class LeaseGate
{
    /// <summary>Returns once <paramref name="planUuid"/> holds every lease it needs (or no longer needs any: cancelled while waiting).</summary>
    public static async Task AcquireAsync(TaskOrchestrationContext context, string planUuid)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            var result = await context.CallActivityAsync<LeaseAcquisition>(AcquireLeasesActivity.Name, new LeaseRequest(planUuid, attempt), RetryPolicies.Bookkeeping);
            if (result.Acquired)
            {
                return;
            }

            var message = $"waiting for action plan {result.HolderPlanUuid} ({result.Resources})";
            context.SetCustomStatus(new LeaseWaitStatus("waiting", message, result.HolderPlanUuid!, result.Resources ?? string.Empty));
            await context.CreateTimer(TimeSpan.FromSeconds(result.RetrySeconds), CancellationToken.None);
        }
    }
}
