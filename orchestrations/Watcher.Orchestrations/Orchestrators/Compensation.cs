using Microsoft.DurableTask;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>Reverts actions one by one in the order given, recording which reverts failed; shared by compensation and rollback.</summary>
public static class Compensation
{
    public static async Task<(IReadOnlyList<string> Reverted, IReadOnlyList<string> RevertFailed)> RevertAsync(
        TaskOrchestrationContext context, string planUuid, IReadOnlyList<string> actionsInOrder, PlanProgress progress)
    {
        var reverted = new List<string>();
        var failed = new List<string>();
        foreach (var uuid in actionsInOrder)
        {
            context.SetCustomStatus(progress with { Reverted = reverted.Count, RevertFailed = failed.Count, Running = 1 });
            try
            {
                await context.CallActivityAsync<ActionState>(RevertActionActivity.Name, new ActionRefInput(planUuid, uuid), RetryPolicies.Action);
                reverted.Add(uuid);
            }
            catch (TaskFailedException)
            {
                failed.Add(uuid);
            }
        }

        context.SetCustomStatus(progress with { Reverted = reverted.Count, RevertFailed = failed.Count, Running = 0 });
        return (reverted, failed);
    }
}
