using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>change_nova_service_state</c>: enables or disables a node's compute service (with a reason); revert restores the
/// status and reason recorded before it ran, and changes nothing when none was recorded.
/// </summary>
public sealed class ChangeNovaServiceStateDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.ChangeNovaServiceState;

    public override string Description => "Enable or disable the compute service of a node.";

    public override int Weight => 50;

    public override int Parallelization => 1;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The node's uuid or hostname." },
            "resource_name": { "type": "string" },
            "state": { "type": "string", "enum": ["enabled", "disabled"] },
            "disabled_reason": { "type": ["string", "null"] }
          },
          "required": ["resource_id", "state"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.Host(Text(input, "resource_name"), Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        RequireNode(state, Required(input, "resource_id"));
        _ = Target(input);
    }

    public override bool IsApplied(ClusterState state, JsonObject input)
    {
        var node = RequireNode(state, Required(input, "resource_id"));
        var target = Target(input);
        return node.Status == target && (target == ServiceStatus.Enabled || node.DisabledReason == Reason(input));
    }

    public override string? NotNeededReason(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is { } id && state.FindNode(id) is { } node && IsApplied(state, input)
            ? $"The compute service of {node.Hostname} is already {Required(input, "state")}."
            : null;

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input)
    {
        var node = RequireNode(state, Required(input, "resource_id"));
        return new JsonObject { ["status"] = Name(node.Status), ["disabled_reason"] = node.DisabledReason };
    }

    public override string Apply(ClusterState state, JsonObject input) =>
        Set(state, RequireNode(state, Required(input, "resource_id")), Target(input), Reason(input));

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var node = RequireNode(state, Required(input, "resource_id"));
        return Previous(revertData) is { } previous
            ? Set(state, node, previous.Status, previous.Reason)
            : $"{node.Hostname}: no previous service state recorded, nothing to revert";
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        return Previous(revertData) is not { } previous
            || (state.FindNode(Required(input, "resource_id")) is { } node && node.Status == previous.Status && node.DisabledReason == previous.Reason);
    }

    private static string Set(ClusterState state, ComputeNode node, ServiceStatus status, string? reason)
    {
        state.SetNode(node with { Status = status, DisabledReason = status == ServiceStatus.Disabled ? reason : null });
        return $"{node.Hostname} {Name(status)} {reason}".TrimEnd();
    }

    /// <summary>The status and reason recorded before the change, or null when nothing was recorded.</summary>
    private static (ServiceStatus Status, string? Reason)? Previous(JsonObject? revertData) =>
        Text(revertData ?? [], "status") is { } status
            ? (status == "disabled" ? ServiceStatus.Disabled : ServiceStatus.Enabled, Text(revertData!, "disabled_reason"))
            : null;

    private ServiceStatus Target(JsonObject input) => Required(input, "state") switch
    {
        "enabled" => ServiceStatus.Enabled,
        "disabled" => ServiceStatus.Disabled,
        var other => throw new ActionPreconditionException($"{ActionType} state must be 'enabled' or 'disabled', got '{other}'."),
    };

    private string? Reason(JsonObject input) => Target(input) == ServiceStatus.Disabled ? Text(input, "disabled_reason") : null;

    private static string Name(ServiceStatus status) => status == ServiceStatus.Enabled ? "enabled" : "disabled";
}
