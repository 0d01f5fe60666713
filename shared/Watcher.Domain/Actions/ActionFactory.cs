using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Actions;

/// <summary>Builds proposed actions with Watcher's input_parameters shapes.</summary>
public static class ActionFactory
{
    public const string MaintenanceReason = "watcher_maintaining";

    /// <summary>
    /// migrate: <c>migration_type</c> is <c>live</c> or <c>cold</c>; nodes are named by hostname as in Watcher. Nova
    /// live-migrates only active and paused instances, so a live request for any other instance becomes a cold
    /// migration (as Watcher's strategies choose per instance); the migrate definition would otherwise refuse the plan.
    /// </summary>
    public static ProposedAction Migrate(Instance instance, ComputeNode source, ComputeNode destination, string migrationType) =>
        new(ActionTypes.Migrate, new JsonObject
        {
            ["migration_type"] = migrationType == "live" && !Definitions.MigrateDefinition.CanLiveMigrate(instance) ? "cold" : migrationType,
            ["source_node"] = source.Hostname,
            ["destination_node"] = destination.Hostname,
            ["resource_id"] = instance.Uuid,
            ["resource_name"] = instance.Name,
        });

    public static ProposedAction ChangeServiceState(ComputeNode node, ServiceStatus state, string? reason = null)
    {
        var parameters = new JsonObject
        {
            ["resource_id"] = node.Uuid,
            ["resource_name"] = node.Hostname,
            ["state"] = state == ServiceStatus.Enabled ? "enabled" : "disabled",
        };
        if (reason is not null)
        {
            parameters["disabled_reason"] = reason;
        }

        return new(ActionTypes.ChangeNovaServiceState, parameters);
    }

    public static ProposedAction Stop(Instance instance) =>
        new(ActionTypes.Stop, new JsonObject { ["resource_id"] = instance.Uuid, ["resource_name"] = instance.Name });

    public static ProposedAction Nop(string message) =>
        new(ActionTypes.Nop, new JsonObject { ["message"] = message });

    public static ProposedAction Sleep(double seconds) =>
        new(ActionTypes.Sleep, new JsonObject { ["duration"] = seconds });
}
