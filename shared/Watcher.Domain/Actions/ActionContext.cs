using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Domain.Actions;

/// <summary>What an action handler works with: the action, the cloud, and the cluster as it is now.</summary>
public sealed record ActionContext(WatcherAction Action, ICloudClient Cloud, ClusterModel Cluster, CancellationToken CancellationToken)
{
    public JsonObject Parameters => Action.InputParameters;

    /// <summary>The idempotency key of this action's execute step.</summary>
    public string ExecuteKey => $"{Action.Uuid}:execute";

    /// <summary>The idempotency key of this action's revert step.</summary>
    public string RevertKey => $"{Action.Uuid}:revert";

    public string Required(string name) =>
        Parameters[name]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new ActionPreconditionException($"{Action.ActionType} action {Action.Uuid} has no '{name}' parameter.");

    public Instance RequireInstance(string uuid) =>
        Cluster.FindInstance(uuid) ?? throw new ActionPreconditionException($"Instance {uuid} does not exist.");

    public ComputeNode RequireNode(string name) =>
        Cluster.FindNode(name) ?? throw new ActionPreconditionException($"Compute node {name} does not exist.");
}
