using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Orchestrations.Activities;

/// <summary>
/// Reads and changes one action of a stored plan with Watcher's not-found error: through the plan's document for a plan
/// with embedded actions, through the action's own document for one stored with separate actions (so a 40,000-action
/// plan's update rewrites one action, not all of them).
/// </summary>
internal static class PlanUpdates
{
    public static Task<WatcherAction> GetPlanActionAsync(this WatcherRepository repository, string planUuid, string actionUuid) =>
        repository.GetPlanActionAsync(planUuid, actionUuid);

    /// <summary>Applies one of <see cref="WatcherAction"/>'s transition methods to the stored action and returns the result.</summary>
    public static Task<WatcherAction> UpdateActionAsync(this WatcherRepository repository, string planUuid, string actionUuid, Func<WatcherAction, WatcherAction> change) =>
        repository.UpdatePlanActionAsync(planUuid, actionUuid, change);
}
