using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using static Watcher.OpenStack.OpenStackHandlerInput;

namespace Watcher.OpenStack;

/// <summary>
/// <c>migrate</c> on Nova: <c>os-migrateLive</c> to the named host (live) or <c>migrate</c> with a host and
/// <c>confirmResize</c> (cold), waiting on the server and its migration record. Revert moves the server back to the
/// recorded source the same way (cold when it can no longer live-migrate). Abort cancels a running live migration.
/// </summary>
public sealed class OpenStackMigrateHandler(NovaOperations nova) : IActionHandler
{
    public string ActionType => ActionTypes.Migrate;

    public string Cloud => OpenStackCloud.CloudName;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var server = Required(context.Parameters, "resource_id");
        var destination = HostName(context, Required(context.Parameters, "destination_node"));
        return IsLive(context.Parameters)
            ? nova.LiveMigrateAsync(server, destination, context.CancellationToken)
            : nova.ColdMigrateAsync(server, destination, context.CancellationToken);
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = Required(context.Parameters, "resource_id");
        var source = HostName(context, Text(revertData, "source_node_uuid") ?? Required(context.Parameters, "source_node"));
        var server = await nova.ServerAsync(id, context.CancellationToken) ?? throw new ActionFailedException($"Nova has no server {id}.");
        var live = IsLive(context.Parameters) && OpenStackCloud.Str(server, "OS-EXT-STS:vm_state") is "active" or "paused";
        if (!live)
        {
            await nova.ColdMigrateAsync(id, source, context.CancellationToken);
            return;
        }

        // Rolling back a maintenance: the source's service may still be disabled, which the scheduler refuses; the
        // server goes back to where it was, so bypass the scheduler then.
        var disabled = NovaOperations.HostOf(server) != source
            && OpenStackCloud.Str(await nova.ComputeServiceAsync(source, context.CancellationToken), "status") == "disabled";
        await nova.LiveMigrateAsync(id, source, context.CancellationToken, force: disabled);
    }

    public Task<bool> AbortAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsLive(context.Parameters) ? nova.AbortLiveMigrationAsync(Required(context.Parameters, "resource_id")) : Task.FromResult(false);
    }

    private static bool IsLive(JsonObject input) => (Text(input, "migration_type") ?? "live") == "live";
}
