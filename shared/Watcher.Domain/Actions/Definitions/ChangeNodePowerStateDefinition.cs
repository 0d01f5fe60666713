using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>change_node_power_state</c>: powers a node on or off. A node that still runs instances is never powered off
/// (the pre-condition, the effect and the revert all refuse). Revert restores the power state recorded before it
/// ran, and changes nothing when none was recorded.
/// </summary>
public sealed class ChangeNodePowerStateDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.ChangeNodePowerState;

    public override string Description => "Power a compute node on or off (never off while it runs instances).";

    public override int Weight => 9;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The node's uuid or hostname." },
            "resource_name": { "type": "string" },
            "state": { "type": "string", "enum": ["on", "off"] }
          },
          "required": ["resource_id", "state"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.Host(Text(input, "resource_name"), Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var node = RequireNode(state, Required(input, "resource_id"));
        if (Target(input) == NodePowerState.Off && state.InstanceCount(node.Uuid) > 0)
        {
            throw new ActionPreconditionException($"Compute node {node.Hostname} still runs {state.InstanceCount(node.Uuid)} instance(s) and cannot be powered off.");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        PowerOf(RequireNode(state, Required(input, "resource_id"))) == Target(input);

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input) =>
        CapturePower(RequireNode(state, Required(input, "resource_id")));

    public override string Apply(ClusterState state, JsonObject input) =>
        SetPower(state, RequireNode(state, Required(input, "resource_id")), Target(input));

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData) =>
        RevertPower(state, RequireNode(state, Required(input, "resource_id")), revertData);

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        IsPowerReverted(RequireNode(state, Required(input, "resource_id")), revertData);

    /// <summary>Applies a power change to <paramref name="node"/>, refusing to power off a node with instances.</summary>
    internal static string SetPower(ClusterState state, ComputeNode node, NodePowerState target)
    {
        if (target == NodePowerState.Off && state.InstanceCount(node.Uuid) > 0)
        {
            throw new ActionFailedException($"Compute node {node.Hostname} still runs instances; refusing to power it off.");
        }

        state.SetNode(node with { PowerState = target, State = target == NodePowerState.Off ? NodeState.Down : NodeState.Up });
        return $"{node.Hostname} power {(target == NodePowerState.Off ? "off" : "on")}";
    }

    /// <summary>A node without a recorded power state is on.</summary>
    internal static NodePowerState PowerOf(ComputeNode node) => node.PowerState ?? NodePowerState.On;

    /// <summary>The revert data of a power change: the node's power state before it.</summary>
    internal static JsonObject CapturePower(ComputeNode node) => new() { ["power_state"] = PowerOf(node) == NodePowerState.Off ? "off" : "on" };

    /// <summary>The power state recorded before the action ran, or null when none was recorded.</summary>
    internal static NodePowerState? Previous(JsonObject? revertData) => Text(revertData ?? [], "power_state") switch
    {
        "off" => NodePowerState.Off,
        "on" => NodePowerState.On,
        _ => null,
    };

    /// <summary>Restores the recorded power state (a no-op when it is already so or nothing was recorded).</summary>
    internal static string RevertPower(ClusterState state, ComputeNode node, JsonObject? revertData) =>
        Previous(revertData) is not { } previous ? $"{node.Hostname}: no previous power state recorded, nothing to revert"
        : PowerOf(node) == previous ? $"{node.Hostname} already {(previous == NodePowerState.Off ? "off" : "on")}"
        : SetPower(state, node, previous);

    /// <summary>True when the node has the recorded power state, or nothing was recorded.</summary>
    internal static bool IsPowerReverted(ComputeNode node, JsonObject? revertData) =>
        Previous(revertData) is not { } previous || PowerOf(node) == previous;

    private NodePowerState Target(JsonObject input) => Required(input, "state") switch
    {
        "on" => NodePowerState.On,
        "off" => NodePowerState.Off,
        var other => throw new ActionPreconditionException($"{ActionType} state must be 'on' or 'off', got '{other}'."),
    };
}
