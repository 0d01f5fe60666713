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

        var planned = new List<PlannedAction>(actions.Count);
        var disableIndexes = new List<int>(disables.Count);
        foreach (var action in disables)
        {
            disableIndexes.Add(planned.Count);
            planned.Add(new PlannedAction(action, []));
        }

        var chainEnds = new List<int>(chains.Count);
        foreach (var chain in chains)
        {
            var previous = -1;
            foreach (var action in chain)
            {
                var parents = new List<int>(disableIndexes);
                if (previous >= 0)
                {
                    parents.Add(previous);
                }

                previous = planned.Count;
                planned.Add(new PlannedAction(action, parents));
            }

            chainEnds.Add(previous);
        }

        foreach (var action in enables)
        {
            planned.Add(new PlannedAction(action, chainEnds.ToList()));
        }

        return planned;
    }
}
