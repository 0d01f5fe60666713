using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Actions;

/// <summary>What an action runs with: the action, the cloud, and the cluster as it is now.</summary>
public sealed record ActionContext(WatcherAction Action, ICloud Cloud, ClusterModel Cluster, CancellationToken CancellationToken)
{
    public JsonObject Parameters => Action.InputParameters;

    /// <summary>The idempotency key of this action's execute step.</summary>
    public string ExecuteKey => $"{Action.Uuid}:execute";

    /// <summary>The idempotency key of this action's revert step.</summary>
    public string RevertKey => $"{Action.Uuid}:revert";
}
