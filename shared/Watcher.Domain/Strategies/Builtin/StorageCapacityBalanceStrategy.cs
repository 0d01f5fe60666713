using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>storage_capacity_balance</c> strategy (goal workload_balancing): for every storage pool whose used
/// capacity is at or above <c>volume_threshold</c> % of its total, move volumes (available ones first, then in-use
/// non-bootable, then in-use bootable; smallest first) to the pools under the threshold with the most free share,
/// until the pool drops under the threshold. A volume is migrated to a pool of its own type (or any pool when untyped),
/// otherwise retyped to the type of a pool with room. No destination is ever pushed to the threshold or over-subscribed.
/// </summary>
public sealed class StorageCapacityBalanceStrategy : Strategy<StorageCapacityBalanceParameters>
{
    public override string Name => "storage_capacity_balance";

    public override string DisplayName => "Storage Capacity Balance Strategy";

    public override string GoalName => GoalCatalog.WorkloadBalancing;

    public override ParameterSchema Parameters => StorageCapacityBalanceParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, StorageCapacityBalanceParameters parameters)
    {
        var cluster = context.Cluster;
        var threshold = parameters.VolumeThreshold / 100.0;
        var ledger = new StoragePoolLedger(cluster.StoragePools);
        var pools = cluster.StoragePools.Where(p => p.TotalCapacityGb > 0).ToList();
        var over = pools.Where(p => ledger.Used(p) >= p.TotalCapacityGb * threshold)
            .OrderByDescending(p => ledger.Used(p) / p.TotalCapacityGb)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var destinations = new SortedSet<(double FreeShare, string Name)>(Comparer<(double FreeShare, string Name)>.Create((a, b) =>
        {
            var byShare = b.FreeShare.CompareTo(a.FreeShare);
            return byShare != 0 ? byShare : string.CompareOrdinal(a.Name, b.Name);
        }));
        foreach (var pool in pools.Where(p => ledger.Used(p) < p.TotalCapacityGb * threshold))
        {
            destinations.Add((ledger.Free(pool) / pool.TotalCapacityGb, pool.Name));
        }

        var warnings = new List<string>();
        var actions = new List<ProposedAction>();
        var migrations = 0;
        var retypes = 0;
        var relieved = 0;
        if (destinations.Count > 0)
        {
            var planner = new PoolPlanner(cluster, ledger, destinations, threshold, warnings);
            foreach (var source in over)
            {
                var (poolRetypes, poolMigrations) = planner.Relieve(source);
                actions.AddRange(poolRetypes);
                actions.AddRange(poolMigrations);
                retypes += poolRetypes.Count;
                migrations += poolMigrations.Count;
                if (ledger.Used(source) < source.TotalCapacityGb * threshold)
                {
                    relieved++;
                }
                else
                {
                    warnings.Add($"Storage pool {source.Name} stays at or above the {threshold * 100:0.##} % threshold: no more volumes fit elsewhere.");
                }
            }
        }
        else if (over.Count > 0)
        {
            warnings.Add("Every storage pool is at or above the threshold: there is nowhere to move volumes.");
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, 0),
                new("instances_count", "The total number of audited instances in strategy.", null, 0),
                new("volume_migrations_count", "The number of volumes to be migrated to another pool.", null, migrations),
                new("volume_retypes_count", "The number of volumes to be retyped (and migrated by Cinder).", null, retypes),
            ],
            GlobalEfficacy =
            [
                new("live_migrations_count", "Ratio of migrated virtual machines to audited virtual machines", "%", 0),
                new("relieved_pools_ratio", "Share of the pools at or above the threshold that the plan brings under it.", "%", over.Count == 0 ? 100 : 100.0 * relieved / over.Count),
            ],
        };
    }

    /// <summary>Chooses volumes to move off one pool at a time, keeping destination pools sorted by free share.</summary>
    private sealed class PoolPlanner(ClusterModel cluster, StoragePoolLedger ledger, SortedSet<(double FreeShare, string Name)> destinations, double threshold, List<string> warnings)
    {
        /// <summary>Watcher's <c>get_actions</c>: returns the retype and migrate actions, in that order, for one source pool.</summary>
        public (List<ProposedAction> Retypes, List<ProposedAction> Migrations) Relieve(StoragePool source)
        {
            var retypes = new List<ProposedAction>();
            var migrations = new List<ProposedAction>();
            var volumes = cluster.VolumesIn(source.Name).Where(v => IsMovable(v)).ToList();
            IEnumerable<Volume>[] groups =
            [
                volumes.Where(v => v.Status == VolumeStatus.Available).OrderBy(v => v.Size),
                volumes.Where(v => v.Status == VolumeStatus.InUse && !v.Bootable).OrderBy(v => v.Size),
                volumes.Where(v => v.Status == VolumeStatus.InUse && v.Bootable).OrderBy(v => v.Size),
            ];
            foreach (var volume in groups.SelectMany(g => g))
            {
                if (ledger.Used(source) < threshold * source.TotalCapacityGb)
                {
                    break;
                }

                if (Fit(volume, sameType: true) is { } pool)
                {
                    Move(volume, source, pool);
                    migrations.Add(VolumeActionFactory.Migrate(volume, pool.Name));
                }
                else if (volume.VolumeType is not null && Fit(volume, sameType: false) is { } typed)
                {
                    Move(volume, source, typed);
                    retypes.Add(VolumeActionFactory.Retype(volume, typed.VolumeType!));
                }
            }

            return (retypes, migrations);
        }

        private bool IsMovable(Volume volume)
        {
            if (volume.Status is not (VolumeStatus.Available or VolumeStatus.InUse))
            {
                return false;
            }

            if (volume.HasSnapshots)
            {
                return false;
            }

            if (volume.Status == VolumeStatus.InUse && volume.Attachments.Count > 0
                && cluster.FindInstance(volume.Attachments[0]) is not { State: InstanceState.Active or InstanceState.Paused })
            {
                warnings.Add($"Volume {volume.Uuid} ({volume.Name}) is in use by an instance that is not active or paused; Cinder cannot migrate it now.");
                return false;
            }

            return true;
        }

        /// <summary>
        /// The destination with the most free share that takes the volume and stays under the threshold: for a migration,
        /// a pool of the volume's type (any pool for an untyped volume); for a retype, a typed pool of another type.
        /// </summary>
        private StoragePool? Fit(Volume volume, bool sameType)
        {
            foreach (var (_, name) in destinations)
            {
                var pool = cluster.FindPool(name)!;
                var typeOk = sameType
                    ? volume.VolumeType is null || pool.VolumeType == volume.VolumeType
                    : pool.VolumeType is not null && pool.VolumeType != volume.VolumeType;
                if (typeOk && ledger.CanTake(pool, volume.Size) && ledger.Free(pool) - volume.Size > (1 - threshold) * pool.TotalCapacityGb)
                {
                    return pool;
                }
            }

            return null;
        }

        private void Move(Volume volume, StoragePool source, StoragePool destination)
        {
            destinations.Remove((ledger.Free(destination) / destination.TotalCapacityGb, destination.Name));
            ledger.Move(volume.Size, source, destination);
            destinations.Add((ledger.Free(destination) / destination.TotalCapacityGb, destination.Name));
        }
    }
}
