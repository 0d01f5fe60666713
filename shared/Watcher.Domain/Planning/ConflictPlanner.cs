using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// The default planner: keeps the strategy's order and adds a dependency only where two actions really conflict,
/// instead of Watcher's global weight chunks. Actions on the same instance run in strategy order; a resize, which
/// changes its host's use, is also ordered like a host action against the migrations of the instance's host; a host action
/// (<c>change_nova_service_state</c>, <c>change_node_power_state</c>, <c>turn_host_to_acpi_s3_state</c>) is ordered,
/// in strategy order, against every migration touching its host; a migration into a host waits for the earlier
/// moves off that host whose freed capacity it needs (a placement replay in strategy order, or every earlier move
/// off the host when no cluster is known); and at most <see cref="MaxPerHost"/> migrations touching one host run at
/// once (the migrations of a host are chained into that many lanes, each migration joining the lane where it can
/// start earliest: by count first, then by an estimated duration). Actions whose effects are not known (nop,
/// sleep, unknown types, a migrate without both nodes) are barriers: they run after everything before them and
/// before everything after them. The result lists the actions in strategy order, every parent before its child.
/// </summary>
public sealed class ConflictPlanner : IPlanner
{
    /// <summary>Default number of concurrent migrations touching one host (Watcher's migrate parallelization).</summary>
    public const int DefaultMaxPerHost = 2;

    private readonly ClusterModel? _cluster;
    private readonly ActionCatalog _catalog;

    /// <summary>A planner with no cluster: a migration into a host waits for every earlier move off it.</summary>
    public ConflictPlanner()
        : this(null, DefaultMaxPerHost)
    {
    }

    /// <summary>A planner with no cluster that reads footprints from <paramref name="catalog"/>'s definitions.</summary>
    public ConflictPlanner(ActionCatalog catalog)
        : this(null, DefaultMaxPerHost, catalog)
    {
    }

    /// <summary>A planner that replays the plan on <paramref name="cluster"/> to add only the capacity dependencies really needed.</summary>
    public ConflictPlanner(ClusterModel? cluster, int maxPerHost = DefaultMaxPerHost, ActionCatalog? catalog = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerHost, 1);
        _cluster = cluster;
        _catalog = catalog ?? ActionCatalog.Default;
        MaxPerHost = maxPerHost;
    }

    public string Name => "conflict";

    /// <summary>The most migrations touching one host (as source or destination) that may run at the same time.</summary>
    public int MaxPerHost { get; }

    /// <summary>The cluster the plan was computed on, or null.</summary>
    public ClusterModel? Cluster => _cluster;

    /// <summary>The same planner bound to the cluster the strategy ran on, so capacity dependencies are exact.</summary>
    public ConflictPlanner WithCluster(ClusterModel? cluster) => new(cluster, MaxPerHost, _catalog);

    /// <inheritdoc />
    public IPlanner ForCluster(ClusterModel cluster) => WithCluster(cluster);

    public IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions)
    {
        var state = new ConflictPlannerState(actions.Count);
        var instanceLast = new Dictionary<string, int>(StringComparer.Ordinal);
        var instanceHosts = new Dictionary<string, string>(StringComparer.Ordinal);
        var hosts = new Dictionary<string, ConflictPlannerHost>(StringComparer.Ordinal);
        var planned = new PlannedAction[actions.Count];
        var candidates = new List<int>(8);

        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            candidates.Clear();
            var footprint = _catalog.Footprint(action.ActionType, action.InputParameters);
            switch (footprint.Kind)
            {
                case FootprintKind.Migration:
                    PlanMigration(i, footprint.Resource!, footprint.Source!, footprint.Destination!);
                    break;
                case FootprintKind.Host:
                    var host = HostOf(HostKey(footprint));
                    host.AddTails(candidates);
                    state.Commit(i, candidates);
                    host.ResetTails(i, state.Level(i), state.Finish(i));
                    break;
                case FootprintKind.Resource when footprint.UsesHostCapacity && HostOfInstance(footprint.Resource!) is { } instanceHost:
                    // A resize changes its host's use: ordered, as a host action, against the migrations touching that host.
                    AddInstanceParent(footprint.Resource!);
                    var resized = HostOf(instanceHost);
                    resized.AddTails(candidates);
                    state.Commit(i, candidates);
                    resized.ResetTails(i, state.Level(i), state.Finish(i));
                    instanceLast[footprint.Resource!] = i;
                    break;
                case FootprintKind.Resource:
                    AddInstanceParent(footprint.Resource!);
                    state.Commit(i, candidates);
                    instanceLast[footprint.Resource!] = i;
                    break;
                default:
                    state.CommitBarrier(i);
                    break;
            }

            planned[i] = new PlannedAction(action, state.Parents(i));
        }

        return planned;

        // The host an instance is on at this point of the plan: its last migration's destination, else its host in the cluster.
        string? HostOfInstance(string resource) =>
            instanceHosts.TryGetValue(resource, out var moved) ? moved : _cluster?.FindInstance(resource)?.HostUuid;

        void AddInstanceParent(string resource)
        {
            if (instanceLast.TryGetValue(resource, out var last))
            {
                candidates.Add(last);
            }
        }

        ConflictPlannerHost HostOf(string key)
        {
            if (!hosts.TryGetValue(key, out var host))
            {
                var node = _cluster?.FindNode(key);
                host = node is null
                    ? new ConflictPlannerHost(MaxPerHost, null, Resources.Zero)
                    : new ConflictPlannerHost(MaxPerHost, node.Capacity, _cluster!.UsedOn(node.Uuid));
                hosts[key] = host;
            }

            return host;
        }

        void PlanMigration(int i, string resource, string sourceName, string destinationName)
        {
            var source = HostOf(CanonicalHost(sourceName));
            var destination = HostOf(CanonicalHost(destinationName));
            var instance = _cluster?.FindInstance(resource);
            AddInstanceParent(resource);

            // Capacity: the earlier moves off the destination whose freed room this move needs.
            var demand = instance?.Demand;
            destination.AddCapacityParents(demand, candidates);

            var floorLevel = 0;
            var floorFinish = 0.0;
            foreach (var c in candidates)
            {
                floorLevel = Math.Max(floorLevel, state.Level(c));
                floorFinish = Math.Max(floorFinish, state.Finish(c));
            }

            var sourceLane = source.PickLane(floorLevel, floorFinish);
            candidates.Add(source.Tail(sourceLane));
            var destinationLane = -1;
            if (!ReferenceEquals(source, destination))
            {
                destinationLane = destination.PickLane(floorLevel, floorFinish);
                candidates.Add(destination.Tail(destinationLane));
            }

            // Live migration time grows with the RAM to copy: 1 per GiB (at least 1) when the instance is known.
            state.Commit(i, candidates, instance is null ? 1 : Math.Max(1, instance.MemoryMb / 1024.0));
            var (level, finish) = (state.Level(i), state.Finish(i));
            source.Append(sourceLane, i, level, finish);
            source.RecordOutgoing(i, sourceLane, demand);
            if (destinationLane >= 0)
            {
                destination.Append(destinationLane, i, level, finish);
                destination.RecordIncoming(demand);
            }

            instanceLast[resource] = i;
            instanceHosts[resource] = CanonicalHost(destinationName);
        }
    }

    private string CanonicalHost(string name) => _cluster?.FindNode(name)?.Uuid ?? name;

    private string HostKey(ActionFootprint footprint)
    {
        if (_cluster is not null)
        {
            var node = _cluster.FindNode(footprint.Resource!) ?? (footprint.Alias is null ? null : _cluster.FindNode(footprint.Alias));
            if (node is not null)
            {
                return node.Uuid;
            }
        }

        // Migrations name hosts by hostname, which host footprints carry first.
        return footprint.Resource!;
    }
}
