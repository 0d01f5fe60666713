using System.Text.Json.Nodes;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>volume_migrate</c>: move a volume to another pool (<c>migrate</c>) or change its type (<c>retype</c>). Revert moves or retypes it back.</summary>
public sealed class VolumeMigrateHandler : IActionHandler
{
    public string ActionType => ActionTypes.VolumeMigrate;

    public void CheckPrecondition(ActionContext context)
    {
        var volume = context.Cluster.FindVolume(context.Required("resource_id"))
            ?? throw new ActionPreconditionException($"Volume {context.Required("resource_id")} does not exist.");
        if (IsMigrate(context))
        {
            var pool = context.Cluster.FindPool(context.Required("destination_node"))
                ?? throw new ActionPreconditionException($"Storage pool {context.Required("destination_node")} does not exist.");
            if (pool.FreeCapacityGb < volume.Size && volume.Pool != pool.Name)
            {
                throw new ActionPreconditionException($"Storage pool {pool.Name} has {pool.FreeCapacityGb} GB free; volume {volume.Uuid} needs {volume.Size} GB.");
            }
        }
        else
        {
            _ = context.Required("destination_type");
        }
    }

    public bool IsAlreadyApplied(ActionContext context) =>
        context.Cluster.FindVolume(context.Required("resource_id")) is { } volume
        && (IsMigrate(context) ? volume.Pool == context.Required("destination_node") : volume.VolumeType == context.Required("destination_type"));

    public JsonObject? CaptureRevertData(ActionContext context)
    {
        var volume = context.Cluster.FindVolume(context.Required("resource_id"))!;
        return new JsonObject { ["pool"] = volume.Pool, ["volume_type"] = volume.VolumeType };
    }

    public Task ExecuteAsync(ActionContext context) => IsMigrate(context)
        ? context.Cloud.MigrateVolumeAsync(context.Required("resource_id"), context.Required("destination_node"), null, context.ExecuteKey, context.CancellationToken)
        : context.Cloud.MigrateVolumeAsync(context.Required("resource_id"), null, context.Required("destination_type"), context.ExecuteKey, context.CancellationToken);

    public void CheckPostcondition(ActionContext after)
    {
        if (!IsAlreadyApplied(after))
        {
            throw new ActionFailedException($"Volume {after.Required("resource_id")} did not reach its destination.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        var volume = context.Cluster.FindVolume(context.Required("resource_id"))
            ?? throw new ActionPreconditionException($"Volume {context.Required("resource_id")} does not exist.");
        var pool = revertData?["pool"]?.GetValue<string>();
        var type = revertData?["volume_type"]?.GetValue<string>();
        if (IsMigrate(context) && pool is not null && volume.Pool != pool)
        {
            await context.Cloud.MigrateVolumeAsync(volume.Uuid, pool, null, context.RevertKey, context.CancellationToken);
        }
        else if (!IsMigrate(context) && type is not null && volume.VolumeType != type)
        {
            await context.Cloud.MigrateVolumeAsync(volume.Uuid, null, type, context.RevertKey, context.CancellationToken);
        }
    }

    private static bool IsMigrate(ActionContext context) =>
        (context.Parameters["migration_type"]?.GetValue<string>() ?? VolumeActionFactory.MigrateType) == VolumeActionFactory.MigrateType;
}
