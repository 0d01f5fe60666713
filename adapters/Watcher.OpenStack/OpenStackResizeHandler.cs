using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using static Watcher.OpenStack.OpenStackCloud;
using static Watcher.OpenStack.OpenStackHandlerInput;

namespace Watcher.OpenStack;

/// <summary>
/// <c>resize</c> on Nova: <c>resize</c> to the flavor and <c>confirmResize</c>. Revert resizes back to the recorded
/// flavor and, when Nova placed the server elsewhere (a cloud without <c>allow_resize_to_same_host</c> always does),
/// cold-migrates it back to the host the execute's resize took it from (its migration record's source).
/// </summary>
public sealed class OpenStackResizeHandler(NovaOperations nova) : IActionHandler
{
    public string ActionType => ActionTypes.Resize;

    public string Cloud => OpenStackCloud.CloudName;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = Required(context.Parameters, "flavor");
        var flavor = context.Cluster.FindFlavor(name) ?? throw new ActionFailedException($"Nova has no flavor '{name}'.");
        return nova.ResizeAsync(Required(context.Parameters, "resource_id"), flavor.Id, flavor.Name, context.CancellationToken);
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Text(revertData, "flavor") is not { } name)
        {
            return;
        }

        var id = Required(context.Parameters, "resource_id");
        var flavor = context.Cluster.FindFlavor(name) ?? throw new ActionFailedException($"Nova has no flavor '{name}' to revert to.");
        var server = await nova.ServerAsync(id, context.CancellationToken) ?? throw new ActionFailedException($"Nova has no server {id}.");
        if (Str(server["flavor"] as JsonObject, "original_name") == flavor.Name)
        {
            return;
        }

        var host = NovaOperations.HostOf(server);
        var origin = (await nova.MigrationsAsync(id, "resize", context.CancellationToken))
            .FirstOrDefault(m => Str(m, "dest_compute") == host && Str(m, "status") is "confirmed" or "finished") is { } record ? Str(record, "source_compute") : null;
        await nova.ResizeAsync(id, flavor.Id, flavor.Name, context.CancellationToken);
        var after = await nova.ServerAsync(id, context.CancellationToken);
        if (origin is not null && after is not null && NovaOperations.HostOf(after) != origin)
        {
            await nova.ColdMigrateAsync(id, origin, context.CancellationToken);
        }
    }
}
