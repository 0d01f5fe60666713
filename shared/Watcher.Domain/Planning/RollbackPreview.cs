using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Planning;

/// <summary>
/// The reverse plan a rollback would run, judged against the cluster as it is now, executing nothing: the actions
/// <see cref="RollbackSelection"/> picks, in waves of the reversed dependency graph, each with its revert's verdict.
/// The verdicts come from the action definitions, replayed in order on a copy of the cluster, so they are cumulative:
/// a host that two reverts would both fill is full for the second. A step with drift is left as it is in the copy, as
/// a forced rollback leaves it, so the verdicts of the later steps hold for the forced rollback too.
/// </summary>
public sealed record RollbackPreview
{
    /// <summary>The plan previewed.</summary>
    public required string ActionPlanUuid { get; init; }

    /// <summary>The reverts in the order they would run: by wave, then reverse completion order.</summary>
    public required IReadOnlyList<RollbackStep> Steps { get; init; }

    /// <summary>
    /// Why a rollback is refused now apart from drift (the plan's state, the rollback window), or null. Set by the
    /// application, which knows the window.
    /// </summary>
    public string? Refusal { get; init; }

    /// <summary>The steps whose pre-condition fails against the cluster as it is now.</summary>
    public IReadOnlyList<RollbackStep> Drift => [.. Steps.Where(s => s.Verdict == RevertVerdict.Drift)];

    /// <summary>True when a rollback without force would be accepted now: no refusal and no drift.</summary>
    public bool Allowed => Refusal is null && Steps.All(s => s.Verdict != RevertVerdict.Drift);

    /// <summary>
    /// Previews rolling back <paramref name="requested"/> (all succeeded actions when null or empty) of
    /// <paramref name="plan"/> on <paramref name="cluster"/>, judged by the definitions of <paramref name="catalog"/>.
    /// </summary>
    /// <exception cref="Errors.ValidationException">A requested action is not in the plan or cannot be rolled back.</exception>
    public static RollbackPreview Build(ActionPlan plan, IReadOnlyList<string>? requested, ClusterModel cluster, ActionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(catalog);
        var order = RollbackSelection.Select(plan, requested);
        var selected = order.ToHashSet(StringComparer.Ordinal);
        var children = plan.Actions.SelectMany(a => a.Parents.Select(p => (Parent: p, Child: a.Uuid))).ToLookup(x => x.Parent, x => x.Child, StringComparer.Ordinal);
        var dependsOn = order.ToDictionary(u => u, u => NearestSelectedDescendants(u, children, selected), StringComparer.Ordinal);
        var waves = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var uuid in order)
        {
            _ = WaveOf(uuid, dependsOn, waves, []);
        }

        var position = order.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i, StringComparer.Ordinal);
        var state = new ClusterState(cluster);
        var steps = new List<RollbackStep>();
        foreach (var uuid in order.OrderBy(u => waves[u]).ThenBy(u => position[u]))
        {
            var action = plan.FindAction(uuid)!;
            var (verdict, reason) = Judge(catalog.Find(action.ActionType), action, state);
            steps.Add(new RollbackStep
            {
                ActionUuid = uuid,
                ActionType = action.ActionType,
                Wave = waves[uuid],
                DependsOn = [.. dependsOn[uuid].OrderBy(u => position[u])],
                Verdict = verdict,
                Reason = reason,
            });
        }

        return new RollbackPreview { ActionPlanUuid = plan.Uuid, Steps = steps };
    }

    /// <summary>Judges one revert on <paramref name="state"/> and, when it can run, applies it there for the steps after it.</summary>
    private static (RevertVerdict Verdict, string? Reason) Judge(IActionDefinition? definition, WatcherAction action, ClusterState state)
    {
        if (definition is null)
        {
            return (RevertVerdict.Drift, $"No definition for action type '{action.ActionType}', so it cannot be reverted.");
        }

        if (!definition.ChangesCluster)
        {
            return (RevertVerdict.Ok, null);
        }

        try
        {
            if (definition.IsReverted(state, action.InputParameters, action.RevertData))
            {
                return (RevertVerdict.AlreadyReverted, null);
            }

            definition.CheckRevertPrecondition(state, action.InputParameters, action.RevertData);
            _ = definition.Revert(state, action.InputParameters, action.RevertData);
            return (RevertVerdict.Ok, null);
        }
        catch (Exception ex) when (ex is ActionPreconditionException or ActionFailedException)
        {
            return (RevertVerdict.Drift, ex.Message);
        }
    }

    /// <summary>The selected actions below <paramref name="uuid"/> in the plan's graph, looking through the ones not selected.</summary>
    private static HashSet<string> NearestSelectedDescendants(string uuid, ILookup<string, string> children, HashSet<string> selected)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(children[uuid]);
        while (pending.TryPop(out var child))
        {
            if (!seen.Add(child))
            {
                continue;
            }

            if (selected.Contains(child))
            {
                found.Add(child);
            }
            else
            {
                foreach (var next in children[child])
                {
                    pending.Push(next);
                }
            }
        }

        return found;
    }

    private static int WaveOf(string uuid, Dictionary<string, HashSet<string>> dependsOn, Dictionary<string, int> waves, HashSet<string> visiting)
    {
        if (waves.TryGetValue(uuid, out var known))
        {
            return known;
        }

        if (!visiting.Add(uuid))
        {
            throw new InvalidOperationException($"The action graph has a cycle through action {uuid}.");
        }

        var wave = dependsOn[uuid].Count == 0 ? 0 : dependsOn[uuid].Max(d => WaveOf(d, dependsOn, waves, visiting)) + 1;
        visiting.Remove(uuid);
        waves[uuid] = wave;
        return wave;
    }
}
