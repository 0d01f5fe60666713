using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Testing.ActionContract;

/// <summary>
/// The contract suite's scenarios, one or more per built-in action type, each built from the cluster a cloud has now:
/// it picks an instance, node, flavor or volume the action can run on, so the same suite runs on the simulator and on
/// a real cloud. A scenario is null when the cluster has nothing it can act on.
/// </summary>
public static class ActionScenarios
{
    public const string LiveMigrate = "migrate (live)";
    public const string ColdMigrate = "migrate (cold)";
    public const string DisableService = "change_nova_service_state";
    public const string Stop = "stop";
    public const string Resize = "resize";
    public const string PowerOff = "change_node_power_state";
    public const string AcpiS3 = "turn_host_to_acpi_s3_state";
    public const string VolumeMigrate = "volume_migrate (migrate)";
    public const string VolumeRetype = "volume_migrate (retype)";
    public const string Nop = "nop";
    public const string Sleep = "sleep";

    /// <summary>Every scenario name, covering every built-in action type.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [LiveMigrate, ColdMigrate, DisableService, Stop, Resize, PowerOff, AcpiS3, VolumeMigrate, VolumeRetype, Nop, Sleep];

    /// <summary>The scenario <paramref name="name"/> on <paramref name="cluster"/>, or null when nothing in it fits.</summary>
    public static ActionScenario? For(string name, ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var state = new ClusterState(cluster);
        return name switch
        {
            LiveMigrate => Migrate(name, state, cluster.Instances.Where(i => i.State == InstanceState.Active), "live"),
            ColdMigrate => Migrate(name, state, cluster.Instances.OrderBy(i => i.State == InstanceState.Stopped ? 0 : 1), "cold"),
            DisableService => cluster.Hosts.FirstOrDefault(n => n.IsSchedulable) is { } node
                ? new(name, ActionTypes.ChangeNovaServiceState,
                    new JsonObject { ["resource_id"] = node.Uuid, ["resource_name"] = node.Hostname, ["state"] = "disabled", ["disabled_reason"] = "watcher_contract" },
                    new JsonObject { ["resource_id"] = "contract-no-such-node", ["state"] = "disabled" })
                : null,
            Stop => Movable(cluster).FirstOrDefault(i => i.State == InstanceState.Active) is { } vm
                ? new(name, ActionTypes.Stop, InstanceInput(vm), new JsonObject { ["resource_id"] = "contract-no-such-instance" })
                : null,
            Resize => ResizeScenario(name, state, cluster),
            PowerOff => EmptyPoweredNode(state, cluster) is { } empty && Busy(state, cluster) is { } busy
                ? new(name, ActionTypes.ChangeNodePowerState, NodeInput(empty, "off"), NodeInput(busy, "off"))
                : null,
            AcpiS3 => EmptyPoweredNode(state, cluster) is { } idle && Busy(state, cluster) is { } running
                ? new(name, ActionTypes.TurnHostToAcpiS3State, NodeInput(idle, null), NodeInput(running, null))
                : null,
            VolumeMigrate => VolumeMove(name, cluster),
            VolumeRetype => cluster.Volumes.FirstOrDefault(v => v.VolumeType is not null) is { } volume
                ? new(name, ActionTypes.VolumeMigrate, Retype(volume.Uuid, OtherType(cluster, volume.VolumeType!)), Retype("contract-no-such-volume", "any"))
                : null,
            Nop => new(name, ActionTypes.Nop, new JsonObject { ["message"] = "action contract" }, new JsonObject()),
            Sleep => new(name, ActionTypes.Sleep, new JsonObject { ["duration"] = 0.05 }, new JsonObject { ["duration"] = 7200 })
            {
                AbortInput = new JsonObject { ["duration"] = 3600 },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown scenario; known: {string.Join(", ", Names)}."),
        };
    }

    private static IEnumerable<Instance> Movable(ClusterModel cluster) =>
        cluster.Instances.Where(i => !i.WatcherExclude && cluster.FindNode(i.HostUuid) is { State: NodeState.Up });

    private static ActionScenario? Migrate(string name, ClusterState state, IEnumerable<Instance> candidates, string type)
    {
        var cluster = state.Original;
        foreach (var vm in candidates.Where(i => Movable(cluster).Contains(i)))
        {
            var source = cluster.FindNode(vm.HostUuid)!;
            if (cluster.Hosts.FirstOrDefault(n => n.Uuid != source.Uuid && n.IsSchedulable && n.PowerState != NodePowerState.Off && vm.Demand.FitsIn(state.Free(n))) is { } destination)
            {
                var input = InstanceInput(vm);
                input["migration_type"] = type;
                input["source_node"] = source.Hostname;
                input["destination_node"] = destination.Hostname;
                var refused = (JsonObject)input.DeepClone();
                refused["source_node"] = destination.Hostname;
                return new(name, ActionTypes.Migrate, input, refused);
            }
        }

        return null;
    }

    private static ActionScenario? ResizeScenario(string name, ClusterState state, ClusterModel cluster)
    {
        foreach (var vm in Movable(cluster).Where(i => i.Flavor is not null && i.State is InstanceState.Active or InstanceState.Stopped))
        {
            var free = state.Free(cluster.FindNode(vm.HostUuid)!);
            var target = cluster.Flavors
                .Where(f => !f.Matches(vm.Flavor) && f.Demand != vm.Demand)
                .Where(f => new Resources(Math.Max(0, f.VCpus - vm.VCpus), Math.Max(0, f.MemoryMb - vm.MemoryMb), Math.Max(0, f.DiskGb - vm.DiskGb)).FitsIn(free))
                .OrderByDescending(f => f.VCpus > vm.VCpus ? 1 : 0)
                .FirstOrDefault();
            if (target is not null)
            {
                var input = InstanceInput(vm);
                input["flavor"] = target.Name;
                var refused = InstanceInput(vm);
                refused["flavor"] = "contract-no-such-flavor";
                return new(name, ActionTypes.Resize, input, refused);
            }
        }

        return null;
    }

    private static ActionScenario? VolumeMove(string name, ClusterModel cluster)
    {
        foreach (var volume in cluster.Volumes.Where(v => v.Pool is not null && !v.HasSnapshots))
        {
            if (cluster.StoragePools.FirstOrDefault(p => p.Name != volume.Pool && p.FreeCapacityGb >= volume.Size) is { } pool)
            {
                return new(name, ActionTypes.VolumeMigrate, Move(volume.Uuid, pool.Name), Move(volume.Uuid, "contract-no-such-pool"));
            }
        }

        return null;
    }

    private static ComputeNode? EmptyPoweredNode(ClusterState state, ClusterModel cluster) =>
        cluster.Hosts.FirstOrDefault(n => state.InstanceCount(n.Uuid) == 0 && n.State == NodeState.Up && n.PowerState != NodePowerState.Off);

    private static ComputeNode? Busy(ClusterState state, ClusterModel cluster) =>
        cluster.Hosts.FirstOrDefault(n => state.InstanceCount(n.Uuid) > 0);

    private static string OtherType(ClusterModel cluster, string current) =>
        cluster.StoragePools.Select(p => p.VolumeType).Concat(cluster.Volumes.Select(v => v.VolumeType))
            .OfType<string>().FirstOrDefault(t => t != current) ?? current + "-contract";

    private static JsonObject InstanceInput(Instance vm) => new() { ["resource_id"] = vm.Uuid, ["resource_name"] = vm.Name };

    private static JsonObject NodeInput(ComputeNode node, string? power)
    {
        var input = new JsonObject { ["resource_id"] = node.Uuid, ["resource_name"] = node.Hostname };
        if (power is not null)
        {
            input["state"] = power;
        }

        return input;
    }

    private static JsonObject Move(string volume, string pool) =>
        new() { ["resource_id"] = volume, ["migration_type"] = VolumeActionFactory.MigrateType, ["destination_node"] = pool };

    private static JsonObject Retype(string volume, string type) =>
        new() { ["resource_id"] = volume, ["migration_type"] = VolumeActionFactory.RetypeType, ["destination_type"] = type };
}
