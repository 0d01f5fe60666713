using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>change_node_power_state</c>: power a node on or off; a node is only powered off when it runs no instance. Revert restores the previous state.</summary>
public sealed class ChangeNodePowerStateHandler : IActionHandler
{
    public string ActionType => ActionTypes.ChangeNodePowerState;

    public void CheckPrecondition(ActionContext context)
    {
        var node = context.RequireNode(context.Required("resource_id"));
        if (Target(context) == NodePowerState.Off && context.Cluster.InstancesOn(node.Uuid).Count > 0)
        {
            throw new ActionPreconditionException($"Compute node {node.Hostname} still runs instances and cannot be powered off.");
        }
    }

    public bool IsAlreadyApplied(ActionContext context) =>
        context.RequireNode(context.Required("resource_id")).PowerState == Target(context);

    public JsonObject? CaptureRevertData(ActionContext context) =>
        new() { ["power_state"] = context.RequireNode(context.Required("resource_id")).PowerState == NodePowerState.Off ? "off" : "on" };

    public Task ExecuteAsync(ActionContext context) =>
        context.Cloud.SetPowerStateAsync(context.Required("resource_id"), Target(context), context.ExecuteKey, context.CancellationToken);

    public void CheckPostcondition(ActionContext after)
    {
        if (!IsAlreadyApplied(after))
        {
            throw new ActionFailedException($"Compute node {after.Required("resource_id")} did not reach power state {after.Required("state")}.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        var previous = revertData?["power_state"]?.GetValue<string>() == "off" ? NodePowerState.Off : NodePowerState.On;
        if (context.RequireNode(context.Required("resource_id")).PowerState != previous)
        {
            await context.Cloud.SetPowerStateAsync(context.Required("resource_id"), previous, context.RevertKey, context.CancellationToken);
        }
    }

    private static NodePowerState Target(ActionContext context) => context.Required("state") switch
    {
        "on" => NodePowerState.On,
        "off" => NodePowerState.Off,
        var other => throw new ActionPreconditionException($"change_node_power_state state must be 'on' or 'off', got '{other}'."),
    };
}
