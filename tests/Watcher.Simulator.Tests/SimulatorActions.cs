using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Actions.Definitions;
using Watcher.Domain.Cluster;

namespace Watcher.Simulator.Tests;

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

    /// <summary>Reverts a migration of <paramref name="instanceUuid"/> from <paramref name="sourceNode"/> to <paramref name="destinationNode"/> (the key must end in <c>:revert</c> to count as the revert phase).</summary>
    public static Task RevertMigrateAsync(this SimulatedCloud cloud, string instanceUuid, string sourceNode, string destinationNode, string operationKey) =>
        cloud.ApplyActionAsync(new MigrateDefinition(), new JsonObject
        {
            ["resource_id"] = instanceUuid,
            ["migration_type"] = "live",
            ["source_node"] = sourceNode,
            ["destination_node"] = destinationNode,
        }, operationKey, revert: true);

    public static Task SetServiceStateAsync(this SimulatedCloud cloud, string node, ServiceStatus status, string? reason, string operationKey) =>
        cloud.ApplyActionAsync(new ChangeNovaServiceStateDefinition(), new JsonObject
        {
            ["resource_id"] = node,
            ["state"] = status == ServiceStatus.Enabled ? "enabled" : "disabled",
            ["disabled_reason"] = reason,
        }, operationKey);

    /// <summary>The registry of built-in actions on <paramref name="cloud"/> (the simulator runs every definition itself).</summary>
    public static ActionRegistry Registry(this ICloud cloud) => new(ActionCatalog.Default, [new Domain.Actions.Handlers.SleepHandler(), new Domain.Actions.Handlers.NopHandler()], cloud);
}
