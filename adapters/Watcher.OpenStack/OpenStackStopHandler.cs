using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using static Watcher.OpenStack.OpenStackHandlerInput;

namespace Watcher.OpenStack;

/// <summary><c>stop</c> on Nova: <c>os-stop</c>, waiting for vm_state <c>stopped</c>; revert <c>os-start</c> when the server was active.</summary>
public sealed class OpenStackStopHandler(NovaOperations nova) : IActionHandler
{
    public string ActionType => ActionTypes.Stop;

    public string Cloud => OpenStackCloud.CloudName;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return nova.SetPowerAsync(Required(context.Parameters, "resource_id"), stop: true, context.CancellationToken);
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Text(revertData, "state") == InstanceState.Active
            ? nova.SetPowerAsync(Required(context.Parameters, "resource_id"), stop: false, context.CancellationToken)
            : Task.CompletedTask;
    }
}
