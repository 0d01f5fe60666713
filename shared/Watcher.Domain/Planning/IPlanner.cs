using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>Orders a strategy's proposed actions into a dependency graph (a DAG whose parents precede children).</summary>
public interface IPlanner
{
    string Name { get; }

    IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions);

    /// <summary>
    /// The planner bound to the cluster the actions were computed on, for planners that order moves by the capacity
    /// they free (the conflict planner). Others return themselves.
    /// </summary>
    IPlanner ForCluster(ClusterModel cluster) => this;
}
