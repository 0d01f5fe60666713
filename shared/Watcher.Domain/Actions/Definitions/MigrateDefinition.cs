using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>migrate</c>: live or cold migration of an instance from <c>source_node</c> to <c>destination_node</c>. The
/// destination must be up and have room (vCPU, RAM, disk after allocation ratios and reservations); live migration
/// needs an active instance. Revert moves the instance back to its source.
/// </summary>
public sealed class MigrateDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.Migrate;

    public override string Description => "Live or cold migration of an instance to another compute node.";

    public override int Weight => 30;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The instance's uuid." },
            "resource_name": { "type": "string" },
            "migration_type": { "type": "string", "enum": ["live", "cold"] },
            "source_node": { "type": "string", "minLength": 1, "description": "Hostname (or uuid) of the node the instance is on." },
            "destination_node": { "type": "string", "minLength": 1, "description": "Hostname (or uuid) of the node to move it to." }
          },
          "required": ["resource_id", "migration_type", "source_node", "destination_node"],
          "additionalProperties": false
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) =>
        ActionFootprint.Migration(Text(input, "resource_id"), Text(input, "source_node"), Text(input, "destination_node"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var source = RequireNode(state, Required(input, "source_node"));
        var destination = RequireNode(state, Required(input, "destination_node"));
        if (instance.HostUuid != source.Uuid)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is not on {source.Hostname}.");
        }

        if (destination.Uuid == source.Uuid)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} would migrate to {destination.Hostname}, the node it is already on.");
        }

        if (destination.State != NodeState.Up)
        {
            throw new ActionPreconditionException($"Destination {destination.Hostname} is down.");
        }

        if (IsLive(input) && !CanLiveMigrate(instance))
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is {instance.State}; live migration needs an active or paused instance.");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is { } id && state.FindInstance(id) is { } instance
        && Text(input, "destination_node") is { } name && state.FindNode(name) is { } destination
        && instance.HostUuid == destination.Uuid;

    public override string? NotNeededReason(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is { } id && state.FindInstance(id) is null ? $"Instance {id} no longer exists."
        : IsApplied(state, input) ? $"Instance {Text(input, "resource_id")} is already on {Text(input, "destination_node")}."
        : null;

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input) =>
        new() { ["source_node_uuid"] = RequireNode(state, Required(input, "source_node")).Uuid };

    public override string Apply(ClusterState state, JsonObject input)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var destination = RequireNode(state, Required(input, "destination_node"));
        return Move(state, instance, destination, IsLive(input));
    }

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var source = RequireNode(state, SourceOf(input, revertData));
        if (instance.HostUuid == source.Uuid)
        {
            return $"{instance.Uuid} already on {source.Hostname}";
        }

        return Move(state, instance, source, IsLive(input) && CanLiveMigrate(instance));
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData) =>
        Text(input, "resource_id") is { } id && state.FindInstance(id) is { } instance
        && state.FindNode(SourceOf(input, revertData)) is { } source && instance.HostUuid == source.Uuid;

    /// <summary>The instance must still exist and be on the destination, where the action put it.</summary>
    public override void CheckRevertPrecondition(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var instance = RequireInstance(state, Required(input, "resource_id"));
        var destination = RequireNode(state, Required(input, "destination_node"));
        if (instance.HostUuid != destination.Uuid)
        {
            var now = state.FindNode(instance.HostUuid)?.Hostname ?? instance.HostUuid;
            throw new ActionPreconditionException($"Instance {instance.Uuid} is on {now}, not on {destination.Hostname} where the action put it.");
        }

        _ = RequireNode(state, SourceOf(input, revertData));
    }

    private static string Move(ClusterState state, Instance instance, ComputeNode destination, bool live)
    {
        if (instance.HostUuid == destination.Uuid)
        {
            throw new ActionFailedException($"Instance {instance.Uuid} is already on {destination.Hostname}.");
        }

        if (destination.State != NodeState.Up)
        {
            throw new ActionFailedException($"Compute node {destination.Hostname} is down.");
        }

        if (!instance.Demand.FitsIn(state.Free(destination)))
        {
            throw new ActionFailedException($"No valid host: {destination.Hostname} has no room for instance {instance.Uuid}.");
        }

        if (live && !CanLiveMigrate(instance))
        {
            throw new ActionFailedException($"Instance {instance.Uuid} is {instance.State}; cannot live-migrate.");
        }

        var from = state.FindNode(instance.HostUuid)?.Hostname ?? instance.HostUuid;
        state.SetInstance(instance with { HostUuid = destination.Uuid });
        return $"{(live ? "live" : "cold")} {from} -> {destination.Hostname}";
    }

    /// <summary>Nova live-migrates active and paused instances only.</summary>
    public static bool CanLiveMigrate(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.State is InstanceState.Active or InstanceState.Paused;
    }

    private string SourceOf(JsonObject input, JsonObject? revertData) =>
        (revertData?["source_node_uuid"] as JsonValue)?.GetValue<string>() ?? Required(input, "source_node");

    private static bool IsLive(JsonObject input) => (Text(input, "migration_type") ?? "live") == "live";
}
