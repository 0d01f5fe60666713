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

    public JsonObject? CaptureRevertData(ActionContext context) =>
        new() { ["state"] = context.RequireInstance(context.Required("resource_id")).State };

    public Task ExecuteAsync(ActionContext context) =>
        context.Cloud.SetInstanceStateAsync(context.Required("resource_id"), InstanceState.Stopped, context.ExecuteKey, context.CancellationToken);

    public void CheckPostcondition(ActionContext after)
    {
        if (!IsAlreadyApplied(after))
        {
            throw new ActionFailedException($"Instance {after.Required("resource_id")} did not stop.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        var previous = revertData?["state"]?.GetValue<string>() ?? InstanceState.Active;
        var instance = context.RequireInstance(context.Required("resource_id"));
        if (instance.State != previous)
        {
            await context.Cloud.SetInstanceStateAsync(instance.Uuid, previous, context.RevertKey, context.CancellationToken);
        }
    }
}
