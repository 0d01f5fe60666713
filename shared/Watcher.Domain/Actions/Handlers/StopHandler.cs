using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>stop</c>: stop an instance; revert starts it again if it was running.</summary>
public sealed class StopHandler : IActionHandler
{
    public string ActionType => ActionTypes.Stop;

    public void CheckPrecondition(ActionContext context) => context.RequireInstance(context.Required("resource_id"));

    public bool IsAlreadyApplied(ActionContext context) =>
        context.RequireInstance(context.Required("resource_id")).State == InstanceState.Stopped;

    public async Task<JsonObject?> ExecuteAsync(ActionContext context)
    {
        var instance = context.RequireInstance(context.Required("resource_id"));
        await context.Cloud.SetInstanceStateAsync(instance.Uuid, InstanceState.Stopped, context.ExecuteKey, context.CancellationToken);
        return new JsonObject { ["state"] = instance.State };
    }

    public void CheckPostcondition(ActionContext after)
    {
        if (!IsAlreadyApplied(after))
        {
            throw new ActionFailedException($"Instance {after.Required("resource_id")} did not stop.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData, int attempt)
    {
        var previous = revertData?["state"]?.GetValue<string>() ?? InstanceState.Active;
        var instance = context.RequireInstance(context.Required("resource_id"));
        if (instance.State != previous)
        {
            await context.Cloud.SetInstanceStateAsync(instance.Uuid, previous, context.RevertKey(attempt), context.CancellationToken);
        }
    }
}
