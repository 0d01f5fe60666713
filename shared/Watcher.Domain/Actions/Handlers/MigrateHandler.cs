using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>migrate</c>: live or cold migration of an instance; revert moves it back to its source node.</summary>
public sealed class MigrateHandler : IActionHandler
{
    public string ActionType => ActionTypes.Migrate;

    public void CheckPrecondition(ActionContext context)
    {
        var instance = context.RequireInstance(context.Required("resource_id"));
        var source = context.RequireNode(context.Required("source_node"));
        var destination = context.RequireNode(context.Required("destination_node"));
        if (instance.HostUuid != source.Uuid)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is not on {source.Hostname} any more.");
        }

        if (destination.State != NodeState.Up)
        {
            throw new ActionPreconditionException($"Destination {destination.Hostname} is down.");
        }

        if (MigrationType(context) == "live" && instance.State != InstanceState.Active)
        {
            throw new ActionPreconditionException($"Instance {instance.Uuid} is {instance.State}; live migration needs an active instance.");
        }
    }

    public bool IsAlreadyApplied(ActionContext context) =>
        context.Cluster.FindInstance(context.Required("resource_id")) is { } instance
        && context.Cluster.FindNode(context.Required("destination_node")) is { } destination
        && instance.HostUuid == destination.Uuid;

    public JsonObject? CaptureRevertData(ActionContext context) =>
        new() { ["source_node_uuid"] = context.RequireNode(context.Required("source_node")).Uuid };

    public Task ExecuteAsync(ActionContext context)
    {
        var destination = context.RequireNode(context.Required("destination_node"));
        return context.Cloud.MigrateAsync(context.Required("resource_id"), destination.Uuid, MigrationType(context) == "live", context.ExecuteKey, context.CancellationToken);
    }

    public void CheckPostcondition(ActionContext after)
    {
        if (!IsAlreadyApplied(after))
        {
            throw new ActionFailedException($"Instance {after.Required("resource_id")} is not on {after.Required("destination_node")} after migration.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        var instance = context.RequireInstance(context.Required("resource_id"));
        var source = context.RequireNode(revertData?["source_node_uuid"]?.GetValue<string>() ?? context.Required("source_node"));
        if (instance.HostUuid == source.Uuid)
        {
            return;
        }

        var live = MigrationType(context) == "live" && instance.State == InstanceState.Active;
        await context.Cloud.MigrateAsync(instance.Uuid, source.Uuid, live, context.RevertKey, context.CancellationToken);
    }

    private static string MigrationType(ActionContext context) => context.Parameters["migration_type"]?.GetValue<string>() ?? "live";
}
