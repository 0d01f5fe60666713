using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>node_resource_consolidation</c> strategy (goal server_consolidation), on allocated resources (flavor
/// sizes), no metrics: nodes sorted by allocated vCPUs; from the least allocated up, a node's instances (largest vCPU
/// first) move to the node above it with the least free vCPU that has room, until the walk reaches a node that
/// received instances. With <c>host_choice = auto</c> the empty and emptied nodes are disabled before the migrations
/// (so Nova's scheduler cannot pick them) and enabled again after; with <c>specify</c> only migrations are proposed.
/// Uses the <c>node_resource_consolidation</c> planner. Unlike Watcher, drains are all-or-nothing and check disk too,
/// every migration names its destination, and first-fit-decreasing's plan is used when it releases more nodes.
/// </summary>
public sealed class NodeResourceConsolidationStrategy : Strategy<NodeResourceConsolidationParameters>, IStrategy
{
    /// <summary>The reason Watcher gives when it fences a node during node resource consolidation.</summary>
    public const string DisabledReason = "Watcher node resource consolidation strategy";

    /// <summary>The planner this strategy asks for.</summary>
    public const string PlannerName = "node_resource_consolidation";

    /// <summary>Best-fit candidates examined per instance before settling for the best seen.</summary>
    private const int BestFitBudget = 64;

    public override string Name => "node_resource_consolidation";

    public override string DisplayName => "Node Resource Consolidation strategy";

    public override string GoalName => GoalCatalog.ServerConsolidation;

    public override ParameterSchema Parameters => NodeResourceConsolidationParameters.Schema;

    /// <summary>Hourly instance_cpu_usage history when <c>avoid_coinciding_peaks</c> is on; none otherwise.</summary>
    public HistoryRequirement? History(JsonObject parameters) =>
        CoincidingPeaks.Requirement(Parameters.Bind<NodeResourceConsolidationParameters>(parameters, Name).AvoidCoincidingPeaks);

    protected override StrategyResult Execute(StrategyContext context, NodeResourceConsolidationParameters parameters)
    {
        var cluster = context.Cluster;
        var scope = context.Scope;
        var auto = parameters.HostChoice == "auto";
        var computeNodes = cluster.Hosts.Count(scope.IsNodeInScope);
        var up = Enumerable.Range(0, cluster.Hosts.Count)
            .Where(h => cluster.Hosts[h].State == NodeState.Up && scope.IsNodeInScope(cluster.Hosts[h]))
            .ToList();

        var peakWarnings = new List<string>();
        var peaks = CoincidingPeaks.Create(context, parameters.AvoidCoincidingPeaks, parameters.PeakCoincidence, peakWarnings);
        var ledger = new ConsolidationLedger(cluster);
        peaks?.Guard(ledger);
        var drained = Consolidate(ledger, up, scope);
        var baseline = new ConsolidationLedger(cluster);
        peaks?.Guard(baseline);
        var baselineDrained = FirstFitDecreasing.Drain(baseline, scope, InstanceMobility.CanMigrate);
        if (baselineDrained.Count > drained.Count)
        {
            (ledger, drained) = (baseline, baselineDrained);
        }

        var sequenced = MigrationSequencer.Sequence(ledger, scope);
        var released = drained.Select(ledger.Host).Where(sequenced.EndsEmpty).ToList();
        var warnings = peakWarnings.Concat(sequenced.Dropped
            .Select(m => $"Migration of {m.Instance.Uuid} from {m.Source.Hostname} to {m.Destination.Hostname} could not be ordered safely and was left out."))
            .ToList();
        if (released.Count == 0)
        {
            // Watcher: "No compute node needs to be consolidated".
            return Result([], warnings, computeNodes, 0, 0);
        }

        var actions = new List<ProposedAction>();
        var fenced = new List<ComputeNode>();
        if (auto)
        {
            var free = up.Where(h => cluster.InstancesOn(cluster.Hosts[h].Uuid).Count == 0).Select(h => cluster.Hosts[h]);
            foreach (var node in free.Concat(released).Where(n => n.Status == ServiceStatus.Enabled))
            {
                actions.Add(ActionFactory.ChangeServiceState(node, ServiceStatus.Disabled, DisabledReason));
                fenced.Add(node);
            }
        }

        actions.AddRange(sequenced.Moves.Select(m => ActionFactory.Migrate(m.Instance, m.Source, m.Destination, InstanceMobility.MigrationType(m.Instance)!)));
        actions.AddRange(fenced.Select(node => ActionFactory.ChangeServiceState(node, ServiceStatus.Enabled)));
        return Result(actions, warnings, computeNodes, released.Count, sequenced.Moves.Count);
    }

    private static StrategyResult Result(IReadOnlyList<ProposedAction> actions, IReadOnlyList<string> warnings, int computeNodes, int released, int migrations) => new()
    {
        Actions = actions,
        Warnings = warnings,
        EfficacyIndicators = ConsolidationEfficacy.Indicators(computeNodes, released, migrations),
        GlobalEfficacy = ConsolidationEfficacy.Global(computeNodes, released),
        Planner = PlannerName,
    };

    /// <summary>Watcher's grouping walk on the ledger, all-or-nothing per node; returns the drained hosts in order.</summary>
    private static List<int> Consolidate(ConsolidationLedger ledger, List<int> up, ScopeFilter scope)
    {
        var order = up.OrderBy(h => ledger.Used(h).VCpus).ThenBy(h => h).ToList();
        ledger.SetOrder(order);
        foreach (var h in order)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable && ledger.CountOn(h) > 0);
        }

        var received = new bool[ledger.HostCount];
        var drained = new List<int>();
        for (var p = 0; p < order.Count; p++)
        {
            var host = order[p];
            if (received[host])
            {
                // Watcher stops when the walk reaches a destination node.
                break;
            }

            var instances = ledger.InstancesOn(host);
            if (instances.Count == 0 || instances.Any(i => !InstanceMobility.CanMigrate(ledger.Instance(i)) || !scope.IsInstanceMovable(ledger.Instance(i))))
            {
                continue;
            }

            var ordered = instances.OrderByDescending(i => ledger.Instance(i).VCpus).ThenBy(i => i).ToList();
            var destinations = new List<int>();
            var above = p + 1;
            var ok = FirstFitDecreasing.TryDrain(ledger, host, ordered, i =>
            {
                var destination = ledger.BestFitByVcpu(i, above, ledger.OrderCount, host, BestFitBudget);
                destinations.Add(destination);
                return destination;
            });
            if (ok)
            {
                ledger.SetOpen(host, false);
                drained.Add(host);
                foreach (var d in destinations)
                {
                    received[d] = true;
                }
            }
        }

        return drained;
    }
}
