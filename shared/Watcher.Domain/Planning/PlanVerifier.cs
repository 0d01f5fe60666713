using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Checks a proposed plan against the cluster it was computed on by replaying every action's effect, in order, with
/// its <see cref="IActionDefinition"/>: each action's input must match its type's schema, its pre-condition must
/// hold at that point, and its effect must be possible (capacity for migrations after allocation ratios and
/// reservations, no power-off of a node that runs instances, room in a storage pool, ...). An action that fails is
/// reported and left out of the replay. Finally no node may end over capacity unless it started so.
/// Returns the violations found; empty means the plan is safe.
/// </summary>
public static class PlanVerifier
{
    public static IReadOnlyList<string> Verify(ClusterModel cluster, IReadOnlyList<ProposedAction> actions, ActionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(actions);
        catalog ??= ActionCatalog.Default;
        var problems = new List<string>();
        var state = new ClusterState(cluster);
        var overloadedBefore = state.OverloadedNodes().Select(n => n.Uuid).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var label = $"action {i + 1} ({action.ActionType}{(action.ResourceId is { } id ? " of " + id : string.Empty)})";
            var inputProblems = catalog.ValidateInput(action.ActionType, action.InputParameters);
            if (inputProblems.Count > 0)
            {
                problems.Add($"{label}: {string.Join("; ", inputProblems)}");
                continue;
            }

            var definition = catalog.Get(action.ActionType);
            try
            {
                definition.CheckPrecondition(state, action.InputParameters);
                definition.Apply(state, action.InputParameters);
            }
            catch (Exception ex) when (ex is ActionPreconditionException or ActionFailedException)
            {
                problems.Add($"{label}: {ex.Message}");
            }
        }

        foreach (var node in state.OverloadedNodes().Where(n => !overloadedBefore.Contains(n.Uuid)))
        {
            problems.Add($"{node.Hostname} ends over capacity");
        }

        return problems;
    }
}
