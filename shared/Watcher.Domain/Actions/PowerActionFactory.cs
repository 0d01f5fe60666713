using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Actions;

/// <summary>Builds <c>change_node_power_state</c> actions with Watcher's input_parameters shape.</summary>
public static class PowerActionFactory
{
    /// <summary><c>change_node_power_state {"state": "on"|"off", "resource_id": node uuid, "resource_name": hostname}</c>.</summary>
    public static ProposedAction ChangeNodePowerState(ComputeNode node, NodePowerState state) =>
        new(ActionTypes.ChangeNodePowerState, new JsonObject
        {
            ["state"] = state == NodePowerState.On ? "on" : "off",
            ["resource_name"] = node.Hostname,
            ["resource_id"] = node.Uuid,
        });
}
