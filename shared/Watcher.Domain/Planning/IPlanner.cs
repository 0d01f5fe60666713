using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>Orders a strategy's proposed actions into a dependency graph (a DAG whose parents precede children).</summary>
public interface IPlanner
{
    string Name { get; }

    IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions);
}
