using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using static Watcher.OpenStack.OpenStackHandlerInput;

namespace Watcher.OpenStack;

/// <summary>
/// <c>change_nova_service_state</c> on Nova: <c>PUT /os-services/{id}</c> of the node's nova-compute service (found
/// by the compute service's host name) with the status and, when disabling, the reason. Revert restores the recorded
/// status and reason.
/// </summary>
public sealed class OpenStackServiceStateHandler(NovaOperations nova) : IActionHandler
{
    public string ActionType => ActionTypes.ChangeNovaServiceState;

    public string Cloud => OpenStackCloud.CloudName;

    public Task ExecuteAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enabled = Required(context.Parameters, "state") == "enabled";
        return nova.SetServiceAsync(HostName(context, Required(context.Parameters, "resource_id")), enabled,
            enabled ? null : Text(context.Parameters, "disabled_reason"), context.CancellationToken);
    }

    public Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Text(revertData, "status") is not { } status)
        {
            return Task.CompletedTask;
        }

        var enabled = status == "enabled";
        return nova.SetServiceAsync(HostName(context, Required(context.Parameters, "resource_id")), enabled,
            enabled ? null : Text(revertData, "disabled_reason"), context.CancellationToken);
    }
}
