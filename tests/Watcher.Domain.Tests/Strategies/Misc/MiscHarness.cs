using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>Shared helpers of the zone_migration, noisy_neighbor, saving_energy, storage_capacity_balance and actuator tests.</summary>
public static class MiscHarness
{
    /// <summary>Resolves the parameters, runs the strategy and checks the plan keeps every hard invariant.</summary>
    public static StrategyResult Run(IStrategy strategy, ClusterModel cluster, JsonObject? parameters = null, AuditScope? scope = null)
    {
        var context = new StrategyContext(cluster, strategy.Parameters.Resolve(parameters, strategy.Name), scope);
        var result = strategy.Execute(context);
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    /// <summary>A one-line description of an action, for exact plan assertions.</summary>
    public static string Describe(ProposedAction a)
    {
        var p = a.InputParameters;
        return a.ActionType switch
        {
            ActionTypes.Migrate => $"migrate {p["migration_type"]} {p["resource_name"]} {p["source_node"]}->{p["destination_node"]}",
            ActionTypes.VolumeMigrate when (string?)p["migration_type"] == "retype" => $"retype {p["resource_name"]} {p["destination_type"]}",
            ActionTypes.VolumeMigrate => $"volume {p["resource_name"]} ->{p["destination_node"]}",
            ActionTypes.ChangeNodePowerState => $"power {p["resource_name"]} {p["state"]}",
            ActionTypes.ChangeNovaServiceState => $"service {p["resource_id"]} {p["state"]}",
            _ => a.ActionType,
        };
    }

    public static string[] Plan(StrategyResult result) => result.Actions.Select(Describe).ToArray();

    public static double Indicator(StrategyResult result, string name) =>
        result.EfficacyIndicators.Concat(result.GlobalEfficacy).Single(i => i.Name == name).Value;

    public static StoragePool Pool(string name, double total, double free, string? type = null, double? allocated = null) => new()
    {
        Name = name,
        TotalCapacityGb = total,
        FreeCapacityGb = free,
        VolumeType = type,
        AllocatedCapacityGb = allocated,
    };

    public static Volume Vol(string name, string pool, double size, string status = VolumeStatus.Available, string? type = null, string? attachedTo = null, bool bootable = false, bool snapshots = false, string? project = null) => new()
    {
        Uuid = "vol-" + name,
        Name = name,
        Pool = pool,
        Size = size,
        Status = status,
        VolumeType = type,
        Attachments = attachedTo is null ? [] : ["uuid-" + attachedTo],
        Bootable = bootable,
        HasSnapshots = snapshots,
        ProjectId = project,
    };
}
