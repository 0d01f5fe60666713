using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Consolidation;

/// <summary>Which instances a consolidation may move, and how (Nova live-migrates active and paused servers, cold-migrates stopped ones).</summary>
public static class InstanceMobility
{
    /// <summary><c>live</c> for active or paused instances, <c>cold</c> for stopped ones, null for any other state (error, building, suspended...).</summary>
    public static string? MigrationType(Instance instance) => instance.State switch
    {
        InstanceState.Active or InstanceState.Paused => "live",
        InstanceState.Stopped => "cold",
        _ => null,
    };

    /// <summary>True when the instance can be live- or cold-migrated.</summary>
    public static bool CanMigrate(Instance instance) => MigrationType(instance) is not null;

    /// <summary>True for active instances only (what Watcher's <c>basic</c> strategy live-migrates).</summary>
    public static bool IsActive(Instance instance) => instance.State == InstanceState.Active;
}
