using Watcher.Domain.Actions;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;

namespace Watcher.Domain.Execution;

/// <summary>
/// What a compensation or rollback reverts, as data the orchestrator can replay: the <see cref="Steps"/> (each with the
/// dependents to undo first, i.e. the reversed dependency graph), the actions it leaves in place on purpose
/// (<see cref="Kept"/>, with why), and the <see cref="Policy"/> whose disruption budget the reverts respect.
/// </summary>
/// <param name="Steps">The reverts, latest completed first (a valid order when run one at a time).</param>
/// <param name="Kept">Actions whose effect is in place that this plan does not try to revert, with the reason.</param>
/// <param name="Policy">The plan's execution policy (compensation policy and budgets).</param>
public sealed record RevertPlan(IReadOnlyList<RevertStep> Steps, IReadOnlyList<RevertNote> Kept, ExecutionPolicy Policy)
{
    /// <summary>True for an action whose effect is (or may be) in place: it succeeded and has not been fully reverted.</summary>
    public static bool IsInEffect(WatcherAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.State is ActionState.Succeeded or ActionState.Reverting or ActionState.RevertFailed;
    }

    /// <summary>
    /// The compensation of <paramref name="plan"/> after <paramref name="failedActionUuid"/> failed, as the plan's
    /// <see cref="ExecutionPolicy.Compensation"/> says: every action in effect (<c>all</c>), only those the failed
    /// action depends on, transitively (<c>branch</c>), or none (<c>none</c>).
    /// </summary>
    public static RevertPlan ForCompensation(ActionPlan plan, string? failedActionUuid, ActionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var policy = plan.ExecutionPolicy.Compensation;
        var live = plan.Actions.Where(IsInEffect).Select(a => a.Uuid).ToHashSet(StringComparer.Ordinal);
        switch (policy)
        {
            case CompensationPolicy.None:
                return Build(plan, new HashSet<string>(), "compensation policy 'none' reverts nothing", catalog);
            case CompensationPolicy.Branch when failedActionUuid is not null:
                var ancestors = Ancestors(plan, failedActionUuid);
                live.IntersectWith(ancestors);
                return Build(plan, live, $"not in the dependency chain of the failed action {failedActionUuid} (compensation policy 'branch')", catalog);
            default:
                return Build(plan, live, "not selected", catalog);
        }
    }

    /// <summary>A user rollback: the picked actions (all when none are picked) and their dependents, as <see cref="RollbackSelection"/> chooses them.</summary>
    public static RevertPlan ForRollback(ActionPlan plan, IReadOnlyList<string>? requested, ActionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Build(plan, RollbackSelection.Select(plan, requested).ToHashSet(StringComparer.Ordinal), "not selected for this rollback", catalog);
    }

    /// <summary>
    /// The plan that reverts <paramref name="targets"/> (actions in effect) of <paramref name="plan"/>. Every other
    /// action in effect is kept with <paramref name="keptReason"/>; a target that a kept action depends on will not be
    /// reverted (the scheduler reports it), since that would undo something under a dependent.
    /// </summary>
    public static RevertPlan Build(ActionPlan plan, IReadOnlySet<string> targets, string keptReason, ActionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(catalog);
        var children = plan.Actions.ToDictionary(a => a.Uuid, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            foreach (var parent in action.Parents.Where(children.ContainsKey))
            {
                children[parent].Add(action.Uuid);
            }
        }

        var byUuid = plan.Actions.ToDictionary(a => a.Uuid, StringComparer.Ordinal);
        var index = plan.Actions.Select((a, i) => (a.Uuid, i)).ToDictionary(p => p.Uuid, p => p.i, StringComparer.Ordinal);
        var steps = plan.Actions
            .Where(a => targets.Contains(a.Uuid) && IsInEffect(a))
            .OrderByDescending(a => a.CompletionSequence ?? -1)
            .ThenByDescending(a => index[a.Uuid])
            .Select(a => new RevertStep(
                a.Uuid,
                a.ActionType,
                catalog.Footprint(a.ActionType, a.InputParameters),
                // Through every dependent, whatever its state: an action in effect below a skipped one still depends on this.
                [.. Descendants(children, a.Uuid).Where(d => IsInEffect(byUuid[d])).OrderBy(d => index[d])]))
            .ToList();
        var kept = plan.Actions.Where(a => IsInEffect(a) && !targets.Contains(a.Uuid)).Select(a => new RevertNote(a.Uuid, keptReason)).ToList();
        return new RevertPlan(steps, kept, plan.ExecutionPolicy);
    }

    private static HashSet<string> Ancestors(ActionPlan plan, string uuid)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(plan.FindAction(uuid)?.Parents ?? []);
        while (stack.TryPop(out var next))
        {
            if (found.Add(next))
            {
                foreach (var parent in plan.FindAction(next)?.Parents ?? [])
                {
                    stack.Push(parent);
                }
            }
        }

        return found;
    }

    private static HashSet<string> Descendants(Dictionary<string, List<string>> children, string uuid)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(children[uuid]);
        while (stack.TryPop(out var next))
        {
            if (found.Add(next))
            {
                children[next].ForEach(stack.Push);
            }
        }

        return found;
    }
}
