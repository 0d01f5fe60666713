using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Cluster;
using Watcher.Simulator;

namespace Watcher.Domain.Tests;

/// <summary>Shorthands that run built-in action definitions on the simulator under an operation key.</summary>
internal static class SimulatorActions
{
    public static async Task MigrateAsync(this SimulatedCloud cloud, string instanceUuid, string destinationNode, bool live, string operationKey)
    {
        var cluster = await cloud.GetClusterAsync();
        var input = new JsonObject
        {
            ["resource_id"] = instanceUuid,
            ["migration_type"] = live ? "live" : "cold",
            ["source_node"] = cluster.FindInstance(instanceUuid)?.HostUuid ?? "unknown",
            ["destination_node"] = destinationNode,
        };
        await cloud.ApplyActionAsync(new MigrateDefinition(), input, operationKey);
    }

    public static Task SetServiceStateAsync(this SimulatedCloud cloud, string node, ServiceStatus status, string? reason, string operationKey) =>
        cloud.ApplyActionAsync(new ChangeNovaServiceStateDefinition(), new JsonObject
        {
            ["resource_id"] = node,
            ["state"] = status == ServiceStatus.Enabled ? "enabled" : "disabled",
            ["disabled_reason"] = reason,
        }, operationKey);

    /// <summary>The registry of built-in actions on <paramref name="cloud"/> (the simulator runs every definition itself).</summary>
    public static ActionRegistry Registry(this ICloud cloud) => new(ActionCatalog.Default, [new Actions.Handlers.SleepHandler(), new Actions.Handlers.NopHandler()], cloud);
}
