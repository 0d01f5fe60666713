using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>zone_migration</c> strategy (goal hardware_maintenance): move the instances off the given source compute
/// nodes (live when active or paused, cold when stopped) and the volumes off the given source storage pools (migrate to
/// the destination pool, or retype to the destination type), in priority order, with at most <c>parallel_total</c>
/// actions per plan, <c>parallel_per_node</c> per source node and <c>parallel_per_pool</c> per source pool.
/// Unlike Watcher, every destination is checked for room (compute and storage) and chosen by us when not given.
/// </summary>
public sealed class ZoneMigrationStrategy : Strategy<ZoneMigrationParameters>
{
    private const string Live = "live";
    private const string Cold = "cold";

    public override string Name => "zone_migration";

    public override string DisplayName => "Zone migration";

    public override string GoalName => GoalCatalog.HardwareMaintenance;

    public override ParameterSchema Parameters => ZoneMigrationParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, ZoneMigrationParameters parameters)
    {
        var cluster = context.Cluster;
        var nodePairs = ParseComputeNodes(parameters.ComputeNodes ?? [], cluster);
        var poolRules = ParsePoolRules(parameters.StoragePools ?? [], cluster);
        var priority = ParsePriority(parameters.Priority);
        var warnings = new List<string>();

        var instanceTargets = InstanceTargets(context, nodePairs, warnings);
        var volumeTargets = VolumeTargets(cluster, poolRules, warnings);
        instanceTargets = SortInstances(instanceTargets, priority, cluster, warnings);
        volumeTargets = SortVolumes(volumeTargets, priority);

        var run = new Run(context, nodePairs, poolRules, warnings,
            parameters.ParallelTotal,
            parameters.ParallelPerNode,
            parameters.ParallelPerPool);
        var targetIds = instanceTargets.Select(i => i.Uuid).ToHashSet(StringComparer.Ordinal);
        var withAttached = parameters.WithAttachedVolume;
        foreach (var volume in volumeTargets)
        {
            if (run.TotalReached)
            {
                break;
            }

            if (!run.MigrateVolume(volume) || !withAttached)
            {
                continue;
            }

            foreach (var attached in volume.Attachments.Where(targetIds.Contains).Select(id => cluster.FindInstance(id)!))
            {
                if (!run.MigrateInstance(attached))
                {
                    break;
                }
            }
        }

        foreach (var instance in instanceTargets)
        {
            if (!run.MigrateInstance(instance))
            {
                break;
            }
        }

        var liveCount = instanceTargets.Count(i => KindOf(i) == Live);
        var coldCount = instanceTargets.Count(i => KindOf(i) == Cold);
        var volumeCount = volumeTargets.Count;
        return new StrategyResult
        {
            Actions = run.Actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("live_migrate_instance_count", "The number of instances actually live migrated.", null, liveCount),
                new("planned_live_migrate_instance_count", "The number of instances planned to live migrate.", null, run.PlannedLive),
                new("cold_migrate_instance_count", "The number of instances actually cold migrated.", null, coldCount),
                new("planned_cold_migrate_instance_count", "The number of instances planned to cold migrate.", null, run.PlannedCold),
                new("volume_migrate_count", "The number of detached volumes actually migrated.", null, volumeCount),
                new("planned_volume_migrate_count", "The number of detached volumes planned to migrate.", null, run.PlannedVolumes),
                new("volume_update_count", "The number of attached volumes actually migrated.", null, volumeCount),
                new("planned_volume_update_count", "The number of attached volumes planned to migrate.", null, run.PlannedVolumes),
            ],
            GlobalEfficacy =
            [
                new("live_instance_migrate_ratio", "Ratio of actual live migrated instances to planned live migrate instances.", "%", Ratio(run.PlannedLive, liveCount)),
                new("cold_instance_migrate_ratio", "Ratio of actual cold migrated instances to planned cold migrate instances.", "%", Ratio(run.PlannedCold, coldCount)),
                new("volume_migrate_ratio", "Ratio of actual detached volumes migrated to planned detached volumes migrate.", "%", Ratio(run.PlannedVolumes, volumeCount)),
                new("volume_update_ratio", "Ratio of actual attached volumes migrated to planned attached volumes migrate.", "%", Ratio(run.PlannedVolumes, volumeCount)),
            ],
        };
    }

    /// <summary>Watcher's global ratio: planned / total × 100, or 0 when nothing is planned.</summary>
    private static double Ratio(int planned, int total) => planned > 0 && total > 0 ? 100.0 * planned / total : 0;

    /// <summary><c>live</c> for active or paused instances, <c>cold</c> for stopped ones, null for any other state (not migrated).</summary>
    private static string? KindOf(Instance instance) => instance.State switch
    {
        InstanceState.Active or InstanceState.Paused => Live,
        InstanceState.Stopped => Cold,
        _ => null,
    };

    private static List<Instance> InstanceTargets(StrategyContext context, IReadOnlyList<NodePair> pairs, List<string> warnings)
    {
        var targets = new List<Instance>();
        foreach (var pair in pairs)
        {
            if (!context.Scope.IsNodeInScope(pair.Source))
            {
                warnings.Add($"src_node {pair.Source.Hostname} is outside the audit scope; its instances are not migrated.");
                continue;
            }

            foreach (var instance in context.Cluster.InstancesOn(pair.Source.Uuid))
            {
                if (!context.Scope.IsInstanceMovable(instance))
                {
                    warnings.Add($"Instance {instance.Uuid} ({instance.Name}) is excluded from the audit scope and stays on {pair.Source.Hostname}.");
                }
                else if (KindOf(instance) is null)
                {
                    warnings.Add($"Instance {instance.Uuid} ({instance.Name}) is {instance.State}: only active, paused (live) and stopped (cold) instances are migrated.");
                }
                else
                {
                    targets.Add(instance);
                }
            }
        }

        return targets;
    }

    private static List<Volume> VolumeTargets(ClusterModel cluster, IReadOnlyList<PoolRule> rules, List<string> warnings)
    {
        var targets = new List<Volume>();
        if (rules.Count == 0)
        {
            return targets;
        }

        foreach (var volume in cluster.Volumes)
        {
            if (!rules.Any(r => r.SourcePool == volume.Pool && (r.SourceType is null || r.SourceType == volume.VolumeType)))
            {
                continue;
            }

            if (volume.Status is not (VolumeStatus.Available or VolumeStatus.InUse))
            {
                warnings.Add($"Volume {volume.Uuid} ({volume.Name}) is {volume.Status}: only available and in-use volumes are migrated.");
            }
            else if (volume.HasSnapshots)
            {
                warnings.Add($"Volume {volume.Uuid} ({volume.Name}) has snapshots, which Cinder cannot migrate; it stays in {volume.Pool}.");
            }
            else
            {
                targets.Add(volume);
            }
        }

        return targets;
    }

    /// <summary>
    /// Watcher applies its priority filters last key first, each a stable sort; that is one stable sort by the keys in
    /// the order given: list keys rank matching items by the list index (non-matching last), spec keys sort descending by
    /// size or ascending by creation time.
    /// </summary>
    private static List<Instance> SortInstances(List<Instance> items, Priority priority, ClusterModel cluster, List<string> warnings)
    {
        IOrderedEnumerable<Instance> ordered = items.OrderBy(_ => 0);
        foreach (var (key, value) in priority.Keys)
        {
            switch (key)
            {
                case "project":
                    ordered = ordered.ThenBy(i => Rank(value.List!, i.ProjectId));
                    break;
                case "compute_node":
                    ordered = ordered.ThenBy(i => Rank(value.List!, cluster.FindNode(i.HostUuid)?.Hostname));
                    break;
                case "compute" when value.Single == "vcpu_num":
                    ordered = ordered.ThenByDescending(i => i.VCpus);
                    break;
                case "compute" when value.Single == "mem_size":
                    ordered = ordered.ThenByDescending(i => i.MemoryMb);
                    break;
                case "compute" when value.Single == "disk_size":
                    ordered = ordered.ThenByDescending(i => i.DiskGb);
                    break;
                case "compute" when value.Single == "created_at":
                    warnings.Add("priority compute=created_at is ignored: the cluster model has no instance creation time.");
                    break;
            }
        }

        return ordered.ToList();
    }

    private static List<Volume> SortVolumes(List<Volume> items, Priority priority)
    {
        IOrderedEnumerable<Volume> ordered = items.OrderBy(_ => 0);
        foreach (var (key, value) in priority.Keys)
        {
            switch (key)
            {
                case "project":
                    ordered = ordered.ThenBy(v => Rank(value.List!, v.ProjectId));
                    break;
                case "storage_pool":
                    ordered = ordered.ThenBy(v => Rank(value.List!, v.Pool));
                    break;
                case "storage" when value.Single == "size":
                    ordered = ordered.ThenByDescending(v => v.Size);
                    break;
                case "storage" when value.Single == "created_at":
                    ordered = ordered.ThenBy(v => v.CreatedAt ?? DateTimeOffset.MaxValue);
                    break;
            }
        }

        return ordered.ToList();
    }

    private static int Rank(IReadOnlyList<string> list, string? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }

    private static ValidationException Invalid(string parameter, string problem) =>
        new($"Parameter '{parameter}' of strategy 'zone_migration' {problem}.");

    /// <summary>Resolves the nodes against the cluster; the items' shape was checked by the schema.</summary>
    private static IReadOnlyList<NodePair> ParseComputeNodes(IReadOnlyList<ZoneMigrationComputeNode> items, ClusterModel cluster)
    {
        const string P = "compute_nodes";
        var pairs = new List<NodePair>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < items.Count; index++)
        {
            var (srcName, dstName) = (items[index].SrcNode, items[index].DstNode);
            var source = cluster.FindNode(srcName) ?? throw Invalid(P, $"item {index}: src_node '{srcName}' is not a compute node of the cluster");
            ComputeNode? destination = null;
            if (dstName is not null)
            {
                destination = cluster.FindNode(dstName) ?? throw Invalid(P, $"item {index}: dst_node '{dstName}' is not a compute node of the cluster");
                if (destination.Uuid == source.Uuid)
                {
                    throw Invalid(P, $"item {index}: dst_node must differ from src_node");
                }
            }

            if (seen.Add(source.Uuid))
            {
                pairs.Add(new NodePair(source, destination));
            }
        }

        return pairs;
    }

    /// <summary>Resolves the pools against the cluster; the items' shape (one of dst_pool and dst_type) was checked by the schema.</summary>
    private static IReadOnlyList<PoolRule> ParsePoolRules(IReadOnlyList<ZoneMigrationStoragePool> items, ClusterModel cluster)
    {
        const string P = "storage_pools";
        var rules = new List<PoolRule>();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (cluster.FindPool(item.SrcPool) is null)
            {
                throw Invalid(P, $"item {index}: src_pool '{item.SrcPool}' is not a storage pool of the cluster");
            }

            if (item.DstPool is not null && cluster.FindPool(item.DstPool) is null)
            {
                throw Invalid(P, $"item {index}: dst_pool '{item.DstPool}' is not a storage pool of the cluster");
            }

            if (item.DstPool == item.SrcPool)
            {
                throw Invalid(P, $"item {index}: dst_pool must differ from src_pool");
            }

            rules.Add(new PoolRule(item.SrcPool, item.DstPool, item.SrcType, item.DstType));
        }

        return rules;
    }

    /// <summary>The priority keys in the order given (Watcher applies them in that order).</summary>
    private static Priority ParsePriority(ZoneMigrationPriority? priority) =>
        new(priority is null ? [] : priority.Order.Select(key => (key, key switch
        {
            "project" => new PriorityValue(priority.Project, null),
            "compute_node" => new PriorityValue(priority.ComputeNode, null),
            "storage_pool" => new PriorityValue(priority.StoragePool, null),
            "compute" => new PriorityValue(null, priority.Compute),
            _ => new PriorityValue(null, priority.Storage),
        })).ToList());

    private sealed record NodePair(ComputeNode Source, ComputeNode? Destination);

    private sealed record PoolRule(string SourcePool, string? DestinationPool, string? SourceType, string? DestinationType);

    private sealed record PriorityValue(IReadOnlyList<string>? List, string? Single);

    private sealed record Priority(IReadOnlyList<(string Key, PriorityValue Value)> Keys);

    /// <summary>The mutable state of one execution: projected placement and pool usage, action counters, the plan.</summary>
    private sealed class Run
    {
        private readonly StrategyContext _context;
        private readonly Dictionary<string, NodePair> _pairBySource;
        private readonly IReadOnlyList<PoolRule> _rules;
        private readonly List<string> _warnings;
        private readonly int _totalLimit;
        private readonly int _perNodeLimit;
        private readonly int _perPoolLimit;
        private readonly Dictionary<string, int> _perNode = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _perPool = new(StringComparer.Ordinal);
        private readonly HashSet<string> _migrated = new(StringComparer.Ordinal);
        private readonly Placement _placement;
        private readonly FreeRamDestinationPicker _picker;
        private readonly StoragePoolLedger _pools;
        private int _total;

        public Run(StrategyContext context, IReadOnlyList<NodePair> pairs, IReadOnlyList<PoolRule> rules, List<string> warnings, int totalLimit, int perNodeLimit, int perPoolLimit)
        {
            _context = context;
            _pairBySource = pairs.ToDictionary(p => p.Source.Uuid, StringComparer.Ordinal);
            _rules = rules;
            _warnings = warnings;
            _totalLimit = totalLimit;
            _perNodeLimit = perNodeLimit;
            _perPoolLimit = perPoolLimit;
            _placement = new Placement(context.Cluster);
            _picker = new FreeRamDestinationPicker(_placement, context.Cluster.Hosts.Where(n =>
                n.IsSchedulable && context.Scope.IsNodeInScope(n) && !_pairBySource.ContainsKey(n.Uuid)));
            _pools = new StoragePoolLedger(context.Cluster.StoragePools);
        }

        public List<ProposedAction> Actions { get; } = [];

        public int PlannedLive { get; private set; }

        public int PlannedCold { get; private set; }

        public int PlannedVolumes { get; private set; }

        public bool TotalReached => _total >= _totalLimit;

        /// <summary>Plans one volume; true when an action was added.</summary>
        public bool MigrateVolume(Volume volume)
        {
            var pool = volume.Pool!;
            if (_perPool.GetValueOrDefault(pool) >= _perPoolLimit)
            {
                return false;
            }

            var (dstPool, dstType) = Destination(pool, volume.VolumeType);
            ProposedAction action;
            if (dstType is null || dstType == volume.VolumeType)
            {
                if (dstPool is null)
                {
                    _warnings.Add($"Volume {volume.Uuid} ({volume.Name}) already has type {dstType} and no dst_pool is given for {pool}; it is not migrated.");
                    return false;
                }

                if (!CanMoveAttached(volume))
                {
                    return false;
                }

                var destination = _context.Cluster.FindPool(dstPool)!;
                if (!_pools.CanTake(destination, volume.Size))
                {
                    _warnings.Add($"Volume {volume.Uuid} ({volume.Name}, {volume.Size} GB) does not fit in dst_pool {dstPool}; it stays in {pool}.");
                    return false;
                }

                _pools.Move(volume.Size, _context.Cluster.FindPool(pool), destination);
                action = VolumeActionFactory.Migrate(volume, dstPool);
            }
            else
            {
                if (!CanMoveAttached(volume))
                {
                    return false;
                }

                var typed = _context.Cluster.StoragePools.Where(p => p.VolumeType == dstType).ToList();
                if (typed.Count == 0)
                {
                    _warnings.Add($"No storage pool of the model declares volume type {dstType}; the capacity for retyping volume {volume.Uuid} ({volume.Name}) could not be checked.");
                }
                else
                {
                    var target = typed.Where(p => _pools.CanTake(p, volume.Size))
                        .OrderByDescending(_pools.Free).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
                    if (target is null)
                    {
                        _warnings.Add($"No pool of type {dstType} has room for volume {volume.Uuid} ({volume.Name}, {volume.Size} GB); it is not retyped.");
                        return false;
                    }

                    if (target.Name != pool)
                    {
                        _pools.Move(volume.Size, _context.Cluster.FindPool(pool), target);
                    }
                }

                action = VolumeActionFactory.Retype(volume, dstType);
            }

            Actions.Add(action);
            PlannedVolumes++;
            _perPool[pool] = _perPool.GetValueOrDefault(pool) + 1;
            _total++;
            return true;
        }

        /// <summary>Plans one instance; false when the total limit is reached and planning must stop.</summary>
        public bool MigrateInstance(Instance instance)
        {
            if (_migrated.Contains(instance.Uuid))
            {
                return true;
            }

            if (TotalReached)
            {
                return false;
            }

            var pair = _pairBySource[instance.HostUuid];
            if (_perNode.GetValueOrDefault(pair.Source.Uuid) >= _perNodeLimit)
            {
                return true;
            }

            var destination = PickDestination(instance, pair);
            if (destination is null)
            {
                _warnings.Add($"Instance {instance.Uuid} ({instance.Name}, {instance.VCpus} vCPU / {instance.MemoryMb} MB / {instance.DiskGb} GB) could not be placed: no enabled node in scope has room for it.");
                return true;
            }

            var kind = KindOf(instance)!;
            _picker.Move(instance, destination);
            Actions.Add(ActionFactory.Migrate(instance, pair.Source, destination, kind));
            if (kind == Live)
            {
                PlannedLive++;
            }
            else
            {
                PlannedCold++;
            }

            _migrated.Add(instance.Uuid);
            _perNode[pair.Source.Uuid] = _perNode.GetValueOrDefault(pair.Source.Uuid) + 1;
            _total++;
            return true;
        }

        private ComputeNode? PickDestination(Instance instance, NodePair pair)
        {
            if (pair.Destination is { } wanted)
            {
                if (!wanted.IsSchedulable || !_context.Scope.IsNodeInScope(wanted))
                {
                    _warnings.Add($"dst_node {wanted.Hostname} is not an enabled node in the audit scope; instance {instance.Uuid} ({instance.Name}) goes to the node with the most free RAM instead.");
                }
                else if (!_placement.Fits(instance, wanted))
                {
                    _warnings.Add($"dst_node {wanted.Hostname} has no room left for instance {instance.Uuid} ({instance.Name}); it goes to the node with the most free RAM instead.");
                }
                else
                {
                    return wanted;
                }
            }

            return _picker.Pick(instance);
        }

        /// <summary>An in-use volume moves only while its instance is active or paused (Watcher's applier refuses otherwise).</summary>
        private bool CanMoveAttached(Volume volume)
        {
            if (volume.Status != VolumeStatus.InUse || volume.Attachments.Count == 0)
            {
                return true;
            }

            var instance = _context.Cluster.FindInstance(volume.Attachments[0]);
            if (instance is not null && instance.State is InstanceState.Active or InstanceState.Paused)
            {
                return true;
            }

            _warnings.Add($"Volume {volume.Uuid} ({volume.Name}) is in use by an instance that is not active or paused; Cinder cannot migrate it now.");
            return false;
        }

        /// <summary>Watcher's lookup: an entry matching both pool and type first, then one matching the pool only.</summary>
        private (string? Pool, string? Type) Destination(string pool, string? type)
        {
            foreach (var rule in _rules.Where(r => r.SourceType is not null))
            {
                if (rule.SourcePool == pool && rule.SourceType == type)
                {
                    return (rule.DestinationPool, rule.DestinationType);
                }
            }

            foreach (var rule in _rules.Where(r => r.SourceType is null))
            {
                if (rule.SourcePool == pool)
                {
                    return (rule.DestinationPool, rule.DestinationType);
                }
            }

            return (null, null);
        }
    }
}
