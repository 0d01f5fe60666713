using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Orchestrations.Activities;

/// <summary>Reads and changes one action of a stored plan through the plan aggregate, with Watcher's not-found error.</summary>
internal static class PlanUpdates
{
    public static async Task<WatcherAction> GetPlanActionAsync(this WatcherRepository repository, string planUuid, string actionUuid)
    {
        var plan = await repository.GetPlanAsync(planUuid);
        return plan.FindAction(actionUuid) ?? throw new NotFoundException("Action", actionUuid);
    }

    /// <summary>Applies one of <see cref="WatcherAction"/>'s transition methods to the stored action and returns the result.</summary>
    public static async Task<WatcherAction> UpdateActionAsync(this WatcherRepository repository, string planUuid, string actionUuid, Func<WatcherAction, WatcherAction> change)
    {
        var plan = await repository.UpdatePlanAsync(planUuid, p =>
            p.FindAction(actionUuid) is null ? throw new NotFoundException("Action", actionUuid) : p.UpdateAction(actionUuid, change));
        return plan.FindAction(actionUuid)!;
    }
}
