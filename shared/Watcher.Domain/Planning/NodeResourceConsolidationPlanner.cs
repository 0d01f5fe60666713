using Watcher.Domain.Actions;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Watcher's <c>node_resource_consolidation</c> planner: every <c>change_nova_service_state</c> to disabled runs first
/// (all in parallel); then the migrations, one chain per source node in the strategy's order (each migration after
/// every disable and after the previous migration off the same node, chains in parallel); then every
/// <c>change_nova_service_state</c> to enabled, after the last migration of every chain. Any other action type is
/// rejected, as in Watcher.
/// </summary>
public sealed class NodeResourceConsolidationPlanner : IPlanner
{
    /// <summary>Above this many barrier edges, a nop barrier action replaces the all-to-all edges.</summary>
    public const int BarrierThreshold = 4096;

    public string Name => "node_resource_consolidation";

    public IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions)
    {
        var disables = new List<ProposedAction>();
        var enables = new List<ProposedAction>();
        var chains = new List<List<ProposedAction>>();
        var chainOf = new Dictionary<string, List<ProposedAction>>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            switch (action.ActionType)
            {
                case ActionTypes.ChangeNovaServiceState:
                    (action.InputParameters["state"]?.GetValue<string>() == "disabled" ? disables : enables).Add(action);
                    break;
                case ActionTypes.Migrate:
                    var source = action.InputParameters["source_node"]?.GetValue<string>() ?? string.Empty;
                    if (!chainOf.TryGetValue(source, out var chain))
                    {
                        chain = [];
                        chainOf[source] = chain;
                        chains.Add(chain);
                    }

                    chain.Add(action);
                    break;
                default:
                    throw new NotSupportedException($"The node_resource_consolidation planner does not support action type '{action.ActionType}'.");
            }
        }

        var planned = new List<PlannedAction>(actions.Count + 2);
        var disableIndexes = new List<int>(disables.Count);
        foreach (var action in disables)
        {
            disableIndexes.Add(planned.Count);
            planned.Add(new PlannedAction(action, []));
        }

        // Watcher's graph gives every migration every disable as a parent, and every enable every chain end. At
        // 10,000 hosts that is hundreds of millions of edges; beyond a small size a nop barrier carries the same
        // ordering with a linear number of edges.
        var migrations = chains.Sum(c => c.Count);
        var before = (long)disables.Count * migrations > BarrierThreshold ? Barrier(planned, disableIndexes, "all disables done") : disableIndexes;

        var chainEnds = new List<int>(chains.Count);
        foreach (var chain in chains)
        {
            var previous = -1;
            foreach (var action in chain)
            {
                var parents = new List<int>(before);
                if (previous >= 0)
                {
                    parents.Add(previous);
                }

                previous = planned.Count;
                planned.Add(new PlannedAction(action, parents));
            }

            chainEnds.Add(previous);
        }

        var after = (long)chainEnds.Count * enables.Count > BarrierThreshold ? Barrier(planned, chainEnds, "all migrations done") : chainEnds;
        foreach (var action in enables)
        {
            planned.Add(new PlannedAction(action, after.ToList()));
        }

        return planned;
    }

    private static List<int> Barrier(List<PlannedAction> planned, List<int> parents, string message)
    {
        planned.Add(new PlannedAction(ActionFactory.Nop("barrier: " + message), parents.ToList()));
        return [planned.Count - 1];
    }
}
