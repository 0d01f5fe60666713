using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;

namespace Watcher.Domain.Planning;

/// <summary>
/// Chooses what a rollback undoes: the succeeded actions the user picked (all when none are picked) plus every
/// succeeded action that depends on them, in reverse completion order, so nothing is undone under a dependent.
/// </summary>
public static class RollbackSelection
{
    public static IReadOnlyList<string> Select(ActionPlan plan, IReadOnlyList<string>? requested)
    {
        static bool Eligible(WatcherAction a) => a.State is ActionState.Succeeded or ActionState.RevertFailed or ActionState.Reverting;

        var selected = new HashSet<string>(StringComparer.Ordinal);
        if (requested is null || requested.Count == 0)
        {
            selected.UnionWith(plan.Actions.Where(Eligible).Select(a => a.Uuid));
        }
        else
        {
            foreach (var uuid in requested)
            {
                var action = plan.FindAction(uuid) ?? throw new ValidationException($"Action {uuid} is not part of action plan {plan.Uuid}.");
                if (!Eligible(action))
                {
                    throw new ValidationException($"Action {uuid} is {StateMachine<ActionState>.Name(action.State)}; only SUCCEEDED (or REVERT_FAILED) actions can be rolled back.");
                }

                selected.Add(uuid);
            }

            // Close over dependents: a child that ran after its parent must be undone first.
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var action in plan.Actions)
                {
                    if (!selected.Contains(action.Uuid) && Eligible(action) && action.Parents.Any(selected.Contains))
                    {
                        selected.Add(action.Uuid);
                        changed = true;
                    }
                }
            }
        }

        return plan.Actions
            .Where(a => selected.Contains(a.Uuid))
            .OrderByDescending(a => a.CompletionSequence ?? -1)
            .ThenByDescending(a => plan.Actions.ToList().IndexOf(a))
            .Select(a => a.Uuid)
            .ToList();
    }
}
