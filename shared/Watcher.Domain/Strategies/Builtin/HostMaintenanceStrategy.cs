using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>host_maintenance</c> strategy (goal cluster_maintaining): disable the maintenance node with
/// reason <c>watcher_maintaining</c> and move every instance off it, to the backup node when they all fit there,
/// otherwise each to the best-fitting enabled node. Instances that fit nowhere are reported, never dropped.
/// </summary>
public sealed class HostMaintenanceStrategy : Strategy<HostMaintenanceParameters>
{
    public override string Name => "host_maintenance";

    public override string DisplayName => "Host Maintenance Strategy";

    public override string GoalName => GoalCatalog.ClusterMaintaining;

    public override ParameterSchema Parameters => HostMaintenanceParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, HostMaintenanceParameters parameters)
    {
        var cluster = context.Cluster;
        var maintenanceName = parameters.MaintenanceNode;
        var source = cluster.FindNode(maintenanceName)
            ?? throw new ValidationException($"maintenance_node '{maintenanceName}' is not a compute node of the cluster.");
        ComputeNode? backup = null;
        if (parameters.BackupNode is { } backupName)
        {
            backup = cluster.FindNode(backupName)
                ?? throw new ValidationException($"backup_node '{backupName}' is not a compute node of the cluster.");
            if (backup.Uuid == source.Uuid)
            {
                throw new ValidationException("backup_node must differ from maintenance_node.");
            }

            if (!context.Scope.IsNodeInScope(backup))
            {
                throw new ValidationException($"backup_node '{backupName}' is outside the audit scope.");
            }
        }

        var allowLive = !parameters.DisableLiveMigration;
        var allowCold = !parameters.DisableColdMigration;
        var actions = new List<ProposedAction>();
        var warnings = new List<string>();
        var placement = new Placement(cluster);
        var toMove = new List<Instance>();
        foreach (var instance in cluster.InstancesOn(source.Uuid))
        {
            if (context.Scope.IsInstanceMovable(instance))
            {
                toMove.Add(instance);
            }
            else
            {
                warnings.Add($"Instance {instance.Uuid} ({instance.Name}) is excluded from the audit scope and stays on {source.Hostname}.");
            }
        }

        if (!allowLive && !allowCold && toMove.Count > 0)
        {
            warnings.Add($"Live and cold migration are both disabled: no instance can be migrated off {source.Hostname}; active instances are stopped in place and the others stay.");
        }

        var needsDisable = source.Status != ServiceStatus.Disabled || source.DisabledReason != ActionFactory.MaintenanceReason;
        var backupTakesAll = backup is not null && backup.State == NodeState.Up && FitsAll(toMove, backup, placement);
        if (backupTakesAll && toMove.Count > 0 && backup!.Status == ServiceStatus.Disabled)
        {
            actions.Add(ActionFactory.ChangeServiceState(backup, ServiceStatus.Enabled));
        }

        if (needsDisable)
        {
            actions.Add(ActionFactory.ChangeServiceState(source, ServiceStatus.Disabled, ActionFactory.MaintenanceReason));
        }

        var candidates = cluster.Hosts
            .Where(n => n.Uuid != source.Uuid && n.IsSchedulable && context.Scope.IsNodeInScope(n))
            .ToList();
        var migrations = 0;
        var unplaced = 0;
        foreach (var instance in toMove.OrderByDescending(i => i.VCpus).ThenByDescending(i => i.MemoryMb).ThenByDescending(i => i.DiskGb).ThenBy(i => i.Uuid, StringComparer.Ordinal))
        {
            var kind = MoveKind(instance, allowLive, allowCold);
            if (kind is null)
            {
                warnings.Add($"Instance {instance.Uuid} ({instance.Name}) is {instance.State} and cold migration is disabled; it stays on {source.Hostname}.");
                unplaced++;
                continue;
            }

            if (kind == "stop")
            {
                actions.Add(ActionFactory.Stop(instance));
                continue;
            }

            var destination = backupTakesAll ? backup : PickDestination(instance, backup, candidates, placement);
            if (destination is null)
            {
                warnings.Add($"Instance {instance.Uuid} ({instance.Name}, {instance.VCpus} vCPU / {instance.MemoryMb} MB / {instance.DiskGb} GB) could not be placed: no enabled node in scope has room for it.");
                unplaced++;
                continue;
            }

            placement.Move(instance, destination);
            actions.Add(ActionFactory.Migrate(instance, source, destination, kind));
            migrations++;
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            MaintainedHost = source.Hostname,
            EfficacyIndicators =
            [
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, migrations),
                new("unplaced_instances_count", "The number of instances no node had room for.", null, unplaced),
            ],
            GlobalEfficacy =
            [
                new("evacuated_instances_ratio", "Share of the maintenance node's movable instances the plan moves off it.", "%", toMove.Count == 0 ? 100 : 100.0 * (toMove.Count - unplaced) / toMove.Count),
            ],
        };
    }

    private static bool FitsAll(IReadOnlyList<Instance> instances, ComputeNode node, Placement placement)
    {
        var total = Resources.Zero;
        foreach (var instance in instances)
        {
            total += instance.Demand;
        }

        return total.FitsIn(placement.Free(node));
    }

    private static string? MoveKind(Instance instance, bool allowLive, bool allowCold)
    {
        if (instance.State == InstanceState.Active)
        {
            return allowLive ? "live" : allowCold ? "cold" : "stop";
        }

        return allowCold ? "cold" : null;
    }

    /// <summary>The backup node when it fits, otherwise the node left with the least slack after placement.</summary>
    private static ComputeNode? PickDestination(Instance instance, ComputeNode? backup, IReadOnlyList<ComputeNode> candidates, Placement placement)
    {
        if (backup is not null && backup.IsSchedulable && placement.Fits(instance, backup))
        {
            return backup;
        }

        ComputeNode? best = null;
        var bestSlack = double.MaxValue;
        foreach (var node in candidates)
        {
            if (!placement.Fits(instance, node))
            {
                continue;
            }

            var free = placement.Free(node) - instance.Demand;
            var capacity = node.Capacity;
            var slack = Share(free.VCpus, capacity.VCpus) + Share(free.MemoryMb, capacity.MemoryMb) + Share(free.DiskGb, capacity.DiskGb);
            if (slack < bestSlack - 1e-12 || (Math.Abs(slack - bestSlack) <= 1e-12 && string.CompareOrdinal(node.Hostname, best!.Hostname) < 0))
            {
                best = node;
                bestSlack = slack;
            }
        }

        return best;
    }

    private static double Share(double free, double capacity) => capacity <= 0 ? 0 : free / capacity;
}
