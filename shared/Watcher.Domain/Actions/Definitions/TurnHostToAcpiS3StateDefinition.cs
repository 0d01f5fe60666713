using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>turn_host_to_acpi_s3_state</c>: suspends an empty node to RAM (ACPI S3), which the model sees as powered off;
/// a node that runs instances is refused. Revert wakes it up.
/// </summary>
public sealed class TurnHostToAcpiS3StateDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.TurnHostToAcpiS3State;

    public override string Description => "Suspend an empty compute node to RAM (ACPI S3).";

    public override int Weight => 10;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The node's uuid or hostname." },
            "resource_name": { "type": "string" }
          },
          "required": ["resource_id"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.Host(Text(input, "resource_name"), Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var node = RequireNode(state, Required(input, "resource_id"));
        if (state.InstanceCount(node.Uuid) > 0)
        {
            throw new ActionPreconditionException($"Compute node {node.Hostname} still runs {state.InstanceCount(node.Uuid)} instance(s) and cannot be suspended.");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        ChangeNodePowerStateDefinition.PowerOf(RequireNode(state, Required(input, "resource_id"))) == NodePowerState.Off;

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input) =>
        ChangeNodePowerStateDefinition.CapturePower(RequireNode(state, Required(input, "resource_id")));

    public override string Apply(ClusterState state, JsonObject input) =>
        ChangeNodePowerStateDefinition.SetPower(state, RequireNode(state, Required(input, "resource_id")), NodePowerState.Off);

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData) =>
        ChangeNodePowerStateDefinition.RevertPower(state, RequireNode(state, Required(input, "resource_id")), revertData);

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        ChangeNodePowerStateDefinition.IsPowerReverted(RequireNode(state, Required(input, "resource_id")), revertData);
}
