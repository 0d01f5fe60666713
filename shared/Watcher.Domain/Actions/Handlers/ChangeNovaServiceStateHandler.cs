using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Handlers;

/// <summary><c>change_nova_service_state</c>: enable or disable a node's compute service; revert restores the previous status and reason.</summary>
public sealed class ChangeNovaServiceStateHandler : IActionHandler
{
    public string ActionType => ActionTypes.ChangeNovaServiceState;

    public void CheckPrecondition(ActionContext context)
    {
        context.RequireNode(context.Required("resource_id"));
        _ = Target(context);
    }

    public bool IsAlreadyApplied(ActionContext context)
    {
        var node = context.RequireNode(context.Required("resource_id"));
        return node.Status == Target(context) && (Target(context) == ServiceStatus.Enabled || node.DisabledReason == Reason(context));
    }

    public JsonObject? CaptureRevertData(ActionContext context)
    {
        var node = context.RequireNode(context.Required("resource_id"));
        return new JsonObject
        {
            ["status"] = node.Status == ServiceStatus.Enabled ? "enabled" : "disabled",
            ["disabled_reason"] = node.DisabledReason,
        };
    }

    public Task ExecuteAsync(ActionContext context)
    {
        var node = context.RequireNode(context.Required("resource_id"));
        return context.Cloud.SetServiceStateAsync(node.Uuid, Target(context), Reason(context), context.ExecuteKey, context.CancellationToken);
    }

    public void CheckPostcondition(ActionContext after)
    {
        if (after.RequireNode(after.Required("resource_id")).Status != Target(after))
        {
            throw new ActionFailedException($"Compute service on {after.Required("resource_id")} did not change state.");
        }
    }

    public async Task RevertAsync(ActionContext context, JsonObject? revertData)
    {
        var node = context.RequireNode(context.Required("resource_id"));
        var status = revertData?["status"]?.GetValue<string>() == "disabled" ? ServiceStatus.Disabled : ServiceStatus.Enabled;
        var reason = revertData?["disabled_reason"]?.GetValue<string>();
        if (node.Status == status && node.DisabledReason == reason)
        {
            return;
        }

        await context.Cloud.SetServiceStateAsync(node.Uuid, status, reason, context.RevertKey, context.CancellationToken);
    }

    private static ServiceStatus Target(ActionContext context) => context.Required("state") switch
    {
        "enabled" => ServiceStatus.Enabled,
        "disabled" => ServiceStatus.Disabled,
        var other => throw new ActionPreconditionException($"change_nova_service_state state must be 'enabled' or 'disabled', got '{other}'."),
    };

    private static string? Reason(ActionContext context) =>
        Target(context) == ServiceStatus.Disabled ? context.Parameters["disabled_reason"]?.GetValue<string>() : null;
}
