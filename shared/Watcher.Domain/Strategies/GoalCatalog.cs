using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>Watcher's goals and the efficacy indicators each promises.</summary>
public static class GoalCatalog
{
    public const string Dummy = "dummy";
    public const string Unclassified = "unclassified";
    public const string ServerConsolidation = "server_consolidation";
    public const string ThermalOptimization = "thermal_optimization";
    public const string WorkloadBalancing = "workload_balancing";
    public const string AirflowOptimization = "airflow_optimization";
    public const string NoisyNeighbor = "noisy_neighbor";
    public const string SavingEnergy = "saving_energy";
    public const string HardwareMaintenance = "hardware_maintenance";
    public const string ClusterMaintaining = "cluster_maintaining";

    public static IReadOnlyList<Goal> All { get; } =
    [
        new(Dummy, "Dummy goal", []),
        new(Unclassified, "Unclassified", []),
        new(ServerConsolidation, "Server Consolidation",
        [
            new("compute_nodes_count", "The total number of enabled compute nodes.", null),
            new("released_compute_nodes_count", "The number of compute nodes to be released.", null),
            new("instance_migrations_count", "The number of VM migrations to be performed.", null),
        ]),
        new(ThermalOptimization, "Thermal Optimization",
        [
            new("instance_migrations_count", "The number of VM migrations to be performed.", null),
        ]),
        new(WorkloadBalancing, "Workload Balancing",
        [
            new("instance_migrations_count", "The number of VM migrations to be performed.", null),
            new("instances_count", "The total number of audited instances in strategy.", null),
            new("standard_deviation_after_audit", "The value of resulted standard deviation.", null),
            new("standard_deviation_before_audit", "The value of original standard deviation.", null),
        ]),
        new(AirflowOptimization, "Airflow Optimization",
        [
            new("instance_migrations_count", "The number of VM migrations to be performed.", null),
        ]),
        new(NoisyNeighbor, "Noisy Neighbor", []),
        new(SavingEnergy, "Saving Energy", []),
        new(HardwareMaintenance, "Hardware Maintenance",
        [
            new("live_migrate_instance_count", "The number of instances actually live migrated.", null),
            new("planned_live_migrate_instance_count", "The number of instances planned to live migrate.", null),
            new("cold_migrate_instance_count", "The number of instances actually cold migrated.", null),
            new("planned_cold_migrate_instance_count", "The number of instances planned to cold migrate.", null),
        ]),
        new(ClusterMaintaining, "Cluster Maintaining",
        [
            new("instance_migrations_count", "The number of VM migrations to be performed.", null),
            new("unplaced_instances_count", "The number of instances no node had room for.", null),
        ]),
    ];

    public static Goal? Find(string nameOrUuid) =>
        All.FirstOrDefault(g => g.Name == nameOrUuid || g.Uuid == nameOrUuid);
}
