using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary>
/// <c>volume_migrate</c>: moves a volume to another storage pool (<c>migrate</c>, the pool must have room) or changes
/// its type (<c>retype</c>). Revert moves or retypes it back.
/// </summary>
public sealed class VolumeMigrateDefinition : ActionDefinition
{
    public override string ActionType => ActionTypes.VolumeMigrate;

    public override string Description => "Move a Cinder volume to another pool, or change its type.";

    public override int Weight => 60;

    public override int Parallelization => 2;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "resource_id": { "type": "string", "minLength": 1, "description": "The volume's uuid." },
            "resource_name": { "type": "string" },
            "migration_type": { "type": "string", "enum": ["migrate", "retype"] },
            "destination_node": { "type": "string", "minLength": 1, "description": "The destination pool (host@backend#pool), for migrate." },
            "destination_type": { "type": "string", "minLength": 1, "description": "The new volume type, for retype." }
          },
          "required": ["resource_id", "migration_type"],
          "additionalProperties": false,
          "allOf": [
            { "if": { "properties": { "migration_type": { "const": "migrate" } } }, "then": { "required": ["destination_node"] } },
            { "if": { "properties": { "migration_type": { "const": "retype" } } }, "then": { "required": ["destination_type"] } }
          ]
        }
        """;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.OnResource(Text(input, "resource_id"));

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        if (IsMigrate(input))
        {
            var pool = state.FindPool(Required(input, "destination_node"))
                ?? throw new ActionPreconditionException($"Storage pool {Required(input, "destination_node")} does not exist.");
            if (pool.FreeCapacityGb < volume.Size && volume.Pool != pool.Name)
            {
                throw new ActionPreconditionException($"Storage pool {pool.Name} has {Format(pool.FreeCapacityGb)} GB free; volume {volume.Uuid} needs {Format(volume.Size)} GB.");
            }
        }
        else
        {
            _ = Required(input, "destination_type");
        }
    }

    public override bool IsApplied(ClusterState state, JsonObject input) =>
        Text(input, "resource_id") is { } id && state.FindVolume(id) is { } volume
        && (IsMigrate(input) ? volume.Pool == Text(input, "destination_node") : volume.VolumeType == Text(input, "destination_type"));

    public override JsonObject? CaptureRevertData(ClusterState state, JsonObject input)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        return new JsonObject { ["pool"] = volume.Pool, ["volume_type"] = volume.VolumeType };
    }

    public override string Apply(ClusterState state, JsonObject input)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        return IsMigrate(input) ? MoveTo(state, volume, Required(input, "destination_node")) : Retype(state, volume, Required(input, "destination_type"));
    }

    public override string Revert(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        var pool = Text(revertData ?? [], "pool");
        var type = Text(revertData ?? [], "volume_type");
        if (IsMigrate(input) && pool is not null && volume.Pool != pool)
        {
            return MoveTo(state, volume, pool);
        }

        if (!IsMigrate(input) && type is not null && volume.VolumeType != type)
        {
            return Retype(state, volume, type);
        }

        return $"{volume.Uuid} already back";
    }

    public override bool IsReverted(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        return IsMigrate(input)
            ? Text(revertData ?? [], "pool") is not { } pool || volume.Pool == pool
            : Text(revertData ?? [], "volume_type") is not { } type || volume.VolumeType == type;
    }

    /// <summary>The volume must still exist and be in the pool (or of the type) the action gave it.</summary>
    public override void CheckRevertPrecondition(ClusterState state, JsonObject input, JsonObject? revertData)
    {
        var volume = RequireVolume(state, Required(input, "resource_id"));
        if (IsMigrate(input) && volume.Pool != Required(input, "destination_node"))
        {
            throw new ActionPreconditionException($"Volume {volume.Uuid} is in {volume.Pool ?? "no pool"}, not in {Required(input, "destination_node")} where the action put it.");
        }

        if (!IsMigrate(input) && volume.VolumeType != Required(input, "destination_type"))
        {
            throw new ActionPreconditionException($"Volume {volume.Uuid} is of type {volume.VolumeType ?? "none"}, not {Required(input, "destination_type")} as the action left it.");
        }
    }

    private static string MoveTo(ClusterState state, Volume volume, string poolName)
    {
        var destination = state.FindPool(poolName) ?? throw new ActionFailedException($"Storage pool {poolName} does not exist.");
        if (volume.Pool == destination.Name)
        {
            throw new ActionFailedException($"Volume {volume.Uuid} is already in {destination.Name}.");
        }

        if (destination.FreeCapacityGb < volume.Size)
        {
            throw new ActionFailedException($"Storage pool {destination.Name} has no room for volume {volume.Uuid}.");
        }

        state.SetPool(destination with { FreeCapacityGb = destination.FreeCapacityGb - volume.Size });
        if (volume.Pool is not null && state.FindPool(volume.Pool) is { } source)
        {
            state.SetPool(source with { FreeCapacityGb = source.FreeCapacityGb + volume.Size });
        }

        state.SetVolume(volume with { Pool = destination.Name });
        return $"{volume.Pool} -> {destination.Name}";
    }

    private static string Retype(ClusterState state, Volume volume, string type)
    {
        state.SetVolume(volume with { VolumeType = type });
        return $"retype {volume.VolumeType} -> {type}";
    }

    private static bool IsMigrate(JsonObject input) => (Text(input, "migration_type") ?? VolumeActionFactory.MigrateType) == VolumeActionFactory.MigrateType;
}
