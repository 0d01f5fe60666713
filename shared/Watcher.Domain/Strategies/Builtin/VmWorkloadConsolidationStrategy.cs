using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>vm_workload_consolidation</c> strategy (goal server_consolidation), in Watcher's four phases:
/// offload CPU-overloaded nodes (least CPU-hungry instance first, to the most used node with room), consolidate
/// (from the least used node up, move its instances, most CPU-hungry first, to the most used node above it with room),
/// collapse chained migrations into one, and disable every enabled node left empty (reason <c>watcher_disabled</c>).
/// Fits check measured utilization (CPU, RAM, disk) and the flavor allocation. Unlike Watcher, consolidation drains a
/// node all-or-nothing, fits are O(log n) index queries, disabled nodes are never re-enabled as destinations, and
/// when first-fit-decreasing would release more nodes after the offload phase its drain is used instead.
/// </summary>
public sealed class VmWorkloadConsolidationStrategy : Strategy<VmWorkloadConsolidationParameters>, IStrategy
{
    public override string Name => "vm_workload_consolidation";

    public override string DisplayName => "VM Workload Consolidation Strategy";

    public override string GoalName => GoalCatalog.ServerConsolidation;

    public override ParameterSchema Parameters => VmWorkloadConsolidationParameters.Schema;

    /// <summary>Hourly instance_cpu_usage history when <c>avoid_coinciding_peaks</c> is on; none otherwise.</summary>
    public HistoryRequirement? History(JsonObject parameters) =>
        CoincidingPeaks.Requirement(Parameters.Bind<VmWorkloadConsolidationParameters>(parameters, Name).AvoidCoincidingPeaks);

    public override IReadOnlyList<string> RequiredMetrics { get; } =
    [
        MetricNames.InstanceRamAllocated,
        MetricNames.InstanceCpuUsage,
        MetricNames.InstanceRamUsage,
        MetricNames.InstanceRootDiskSize,
        MetricNames.HostCpuUsage,
        MetricNames.HostRamUsage,
    ];

    protected override StrategyResult Execute(StrategyContext context, VmWorkloadConsolidationParameters parameters)
    {
        var cluster = context.Cluster;
        var scope = context.Scope;
        var model = new VmWorkloadHeadroom(cluster, context.Metrics);
        var available = Enumerable.Range(0, cluster.Hosts.Count)
            .Where(h => cluster.Hosts[h].State == NodeState.Up && scope.IsNodeInScope(cluster.Hosts[h]))
            .ToList();

        var peakWarnings = new List<string>();
        var peaks = CoincidingPeaks.Create(context, parameters.AvoidCoincidingPeaks, parameters.PeakCoincidence, peakWarnings);
        var ledger = new ConsolidationLedger(cluster, model);
        peaks?.Guard(ledger);
        Offload(ledger, available, model, scope);
        var drained = Consolidate(ledger, available, model, scope);

        var baseline = new ConsolidationLedger(cluster, model);
        peaks?.Guard(baseline);
        Offload(baseline, available, model, scope);
        var baselineDrained = FirstFitDecreasing.Drain(baseline, scope, InstanceMobility.CanMigrate);
        if (baselineDrained.Count > drained.Count)
        {
            ledger = baseline;
        }

        var sequenced = MigrationSequencer.Sequence(ledger, scope);
        var actions = sequenced.Moves
            .Select(m => ActionFactory.Migrate(m.Instance, m.Source, m.Destination, InstanceMobility.MigrationType(m.Instance)!))
            .ToList();

        // Disable every enabled node left without instances (Watcher counts these as released, even if they were empty before).
        var released = 0;
        foreach (var h in available)
        {
            var node = cluster.Hosts[h];
            if (node.Status == ServiceStatus.Enabled && sequenced.EndsEmpty(node))
            {
                actions.Add(ActionFactory.ChangeServiceState(node, ServiceStatus.Disabled, BasicConsolidationStrategy.DisabledReason));
                released++;
            }
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = [.. peakWarnings, .. sequenced.Dropped.Select(m => $"Migration of {m.Instance.Uuid} from {m.Source.Hostname} to {m.Destination.Hostname} could not be ordered safely and was left out.")],
            EfficacyIndicators = ConsolidationEfficacy.Indicators(available.Count, released, sequenced.Moves.Count),
            GlobalEfficacy = ConsolidationEfficacy.Global(available.Count, released),
        };
    }

    private static bool Movable(Instance instance, ScopeFilter scope) => InstanceMobility.CanMigrate(instance) && scope.IsInstanceMovable(instance);

    private static double CpuUse(ConsolidationLedger ledger, int host) => ledger.Capacity(host).VCpus - ledger.Headroom(host, VmWorkloadHeadroom.Cpu);

    private static bool Overloaded(ConsolidationLedger ledger, int host) => ledger.Headroom(host, VmWorkloadHeadroom.Cpu) < 0;

    /// <summary>Offload phase: nodes whose CPU use exceeds capacity shed their least CPU-hungry instances until they no longer do.</summary>
    private static void Offload(ConsolidationLedger ledger, List<int> available, VmWorkloadHeadroom model, ScopeFilter scope)
    {
        var order = available.OrderBy(h => CpuUse(ledger, h)).ThenBy(h => h).ToList();
        ledger.SetOrder(order);
        foreach (var h in order)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable);
        }

        for (var p = order.Count - 1; p >= 0; p--)
        {
            var host = order[p];
            if (!Overloaded(ledger, host))
            {
                continue;
            }

            var instances = ledger.InstancesOn(host).OrderBy(i => model.CpuOf(ledger.Instance(i))).ThenBy(i => i).ToList();
            foreach (var instance in instances)
            {
                if (!Movable(ledger.Instance(instance), scope))
                {
                    continue;
                }

                var destination = ledger.LastFit(instance, 0, order.Count, host);
                if (destination >= 0)
                {
                    ledger.Move(instance, destination);
                    ledger.Commit();
                }

                if (!Overloaded(ledger, host))
                {
                    break;
                }
            }
        }
    }

    /// <summary>Consolidation phase, all-or-nothing per node; returns the drained hosts.</summary>
    private static List<int> Consolidate(ConsolidationLedger ledger, List<int> available, VmWorkloadHeadroom model, ScopeFilter scope)
    {
        var order = available.OrderBy(h => CpuUse(ledger, h)).ThenBy(h => h).ToList();
        ledger.SetOrder(order);
        foreach (var h in order)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable && ledger.CountOn(h) > 0);
        }

        var drained = new List<int>();
        for (var p = 0; p < order.Count; p++)
        {
            var host = order[p];
            var instances = ledger.InstancesOn(host);
            if (instances.Count == 0 || instances.Any(i => !Movable(ledger.Instance(i), scope)))
            {
                continue;
            }

            // Watcher walks the instances sorted by CPU use in reverse: most CPU-hungry first, ties in reverse model order.
            var ordered = instances.OrderBy(i => model.CpuOf(ledger.Instance(i))).ThenBy(i => i).Reverse().ToList();
            var at = p;
            var ok = FirstFitDecreasing.TryDrain(ledger, host, ordered, i =>
            {
                // Watcher's candidates: the nodes above, most used first; then the nodes below that were kept.
                var destination = ledger.LastFit(i, at + 1, ledger.OrderCount, host);
                return destination >= 0 ? destination : ledger.LastFit(i, 0, at, host);
            });
            if (ok)
            {
                ledger.SetOpen(host, false);
                drained.Add(host);
            }
        }

        return drained;
    }
}
