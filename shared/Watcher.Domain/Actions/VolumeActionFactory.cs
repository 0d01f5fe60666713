using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Actions;

/// <summary>Builds <c>volume_migrate</c> actions with Watcher's input_parameters shapes.</summary>
public static class VolumeActionFactory
{
    public const string MigrateType = "migrate";
    public const string RetypeType = "retype";

    /// <summary><c>volume_migrate</c> with <c>migration_type</c> <c>migrate</c>: move the volume to another pool (Cinder's <c>host@backend#pool</c>).</summary>
    public static ProposedAction Migrate(Volume volume, string destinationPool) =>
        new(ActionTypes.VolumeMigrate, new JsonObject
        {
            ["migration_type"] = MigrateType,
            ["destination_node"] = destinationPool,
            ["resource_name"] = volume.Name,
            ["resource_id"] = volume.Uuid,
        });

    /// <summary><c>volume_migrate</c> with <c>migration_type</c> <c>retype</c>: change the volume's type (Cinder migrates it on demand).</summary>
    public static ProposedAction Retype(Volume volume, string destinationType) =>
        new(ActionTypes.VolumeMigrate, new JsonObject
        {
            ["migration_type"] = RetypeType,
            ["destination_type"] = destinationType,
            ["resource_name"] = volume.Name,
            ["resource_id"] = volume.Uuid,
        });
}
