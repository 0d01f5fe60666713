using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>basic</c> strategy (goal server_consolidation): score the nodes running instances by CPU use, then,
/// from the least used node up, live-migrate its active instances (most CPU-hungry first) to the first node in
/// most-used-first order that has room, and disable every node emptied with reason <c>watcher_disabled</c>.
/// Unlike Watcher, a node is drained all-or-nothing (no migration that does not release a node), first fit is an
/// O(log n) index query instead of a scan, nodes passed over earlier remain fallback destinations, and when the
/// first-fit-decreasing baseline would release more nodes its plan is used instead.
/// </summary>
public sealed class BasicConsolidationStrategy : Strategy<BasicConsolidationParameters>, IStrategy
{
    /// <summary>The reason Watcher's server-consolidation strategies give when disabling a released node.</summary>
    public const string DisabledReason = "watcher_disabled";

    public override string Name => "basic";

    public override string DisplayName => "Basic offline consolidation";

    public override string GoalName => GoalCatalog.ServerConsolidation;

    public override ParameterSchema Parameters => BasicConsolidationParameters.Schema;

    /// <summary>Hourly instance_cpu_usage history when <c>avoid_coinciding_peaks</c> is on; none otherwise.</summary>
    public HistoryRequirement? History(JsonObject parameters) =>
        CoincidingPeaks.Requirement(Parameters.Bind<BasicConsolidationParameters>(parameters, Name).AvoidCoincidingPeaks);

    public override IReadOnlyList<string> RequiredMetrics { get; } = [MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage];

    protected override StrategyResult Execute(StrategyContext context, BasicConsolidationParameters parameters)
    {
        var attempts = parameters.MigrationAttempts;
        var cluster = context.Cluster;
        var enabledNodes = cluster.Hosts.Count(h => h.State == NodeState.Up && h.Status == ServiceStatus.Enabled && context.Scope.IsNodeInScope(h));

        var peakWarnings = new List<string>();
        var peaks = CoincidingPeaks.Create(context, parameters.AvoidCoincidingPeaks, parameters.PeakCoincidence, peakWarnings);
        var ledger = new ConsolidationLedger(cluster);
        peaks?.Guard(ledger);
        var drained = Consolidate(ledger, context, attempts);
        if (attempts == 0)
        {
            var baseline = new ConsolidationLedger(cluster);
            peaks?.Guard(baseline);
            var baselineDrained = FirstFitDecreasing.Drain(baseline, context.Scope, InstanceMobility.IsActive);
            if (baselineDrained.Count > drained.Count)
            {
                (ledger, drained) = (baseline, baselineDrained);
            }
        }

        var sequenced = MigrationSequencer.Sequence(ledger, context.Scope);
        var released = drained.Select(ledger.Host).Where(sequenced.EndsEmpty).ToList();
        var releasedIds = released.Select(n => n.Uuid).ToHashSet(StringComparer.Ordinal);
        var lastMoveOut = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < sequenced.Moves.Count; k++)
        {
            lastMoveOut[sequenced.Moves[k].Source.Uuid] = k;
        }

        // Watcher's order: each node's migrations, then the node's disable once it is empty.
        var actions = new List<ProposedAction>(sequenced.Moves.Count + released.Count);
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < sequenced.Moves.Count; k++)
        {
            var move = sequenced.Moves[k];
            actions.Add(ActionFactory.Migrate(move.Instance, move.Source, move.Destination, "live"));
            if (releasedIds.Contains(move.Source.Uuid) && lastMoveOut[move.Source.Uuid] == k)
            {
                AddDisable(actions, disabled, move.Source);
            }
        }

        foreach (var node in released)
        {
            AddDisable(actions, disabled, node);
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = [.. peakWarnings, .. sequenced.Dropped.Select(m => $"Migration of {m.Instance.Uuid} from {m.Source.Hostname} to {m.Destination.Hostname} could not be ordered safely and was left out.")],
            EfficacyIndicators = ConsolidationEfficacy.Indicators(enabledNodes, released.Count, sequenced.Moves.Count),
            GlobalEfficacy = ConsolidationEfficacy.Global(enabledNodes, released.Count),
        };
    }

    /// <summary>Watcher's score of a node or instance: <c>(1 - (vcpus - vcpus × cpu%/100) / vcpus) / 3</c>, the RAM and disk terms being 0.</summary>
    internal static double Score(int vcpus, double cpuPercent)
    {
        if (vcpus <= 0)
        {
            return cpuPercent / 100.0 / 3;
        }

        double capacity = vcpus;
        var used = capacity * (cpuPercent / 100.0);
        var cores = 1 - ((capacity - used) / capacity);
        return cores / 3;
    }

    private static void AddDisable(List<ProposedAction> actions, HashSet<string> disabled, ComputeNode node)
    {
        if (node.Status == ServiceStatus.Enabled && disabled.Add(node.Uuid))
        {
            actions.Add(ActionFactory.ChangeServiceState(node, ServiceStatus.Disabled, DisabledReason));
        }
    }

    /// <summary>Watcher's loop on the ledger; returns the drained hosts in order.</summary>
    private static List<int> Consolidate(ConsolidationLedger ledger, StrategyContext context, double attempts)
    {
        var scope = context.Scope;
        var scored = new List<(int Host, double Score)>();
        for (var h = 0; h < ledger.HostCount; h++)
        {
            var node = ledger.Host(h);
            if (node.State == NodeState.Up && scope.IsNodeInScope(node) && ledger.CountOn(h) > 0)
            {
                // A missing host metric counts as 100 %, as in Watcher.
                scored.Add((h, Score(node.VCpus, context.Metrics.Host(node.Uuid, MetricNames.HostCpuUsage) ?? 100)));
            }
        }

        var order = scored.OrderByDescending(s => s.Score).Select(s => s.Host).ToList();
        ledger.SetOrder(order);
        foreach (var h in order)
        {
            ledger.SetOpen(h, ledger.Host(h).IsSchedulable);
        }

        var instanceScore = new double[ledger.InstanceCount];
        Array.Fill(instanceScore, double.NaN);
        double ScoreOf(int i)
        {
            if (double.IsNaN(instanceScore[i]))
            {
                var instance = ledger.Instance(i);
                instanceScore[i] = Score(instance.VCpus, context.Metrics.Instance(instance.Uuid, MetricNames.InstanceCpuUsage) ?? 100);
            }

            return instanceScore[i];
        }

        var drained = new List<int>();
        var unsuccessful = 0;
        for (var current = order.Count - 1; current >= 0; current--)
        {
            if (attempts > 0 && attempts < unsuccessful)
            {
                break;
            }

            var host = order[current];
            var instances = ledger.InstancesOn(host);
            if (instances.Count == 0 || instances.Any(i => !InstanceMobility.IsActive(ledger.Instance(i)) || !scope.IsInstanceMovable(ledger.Instance(i))))
            {
                unsuccessful++;
                continue;
            }

            var ordered = instances.OrderByDescending(ScoreOf).ThenBy(i => i).ToList();
            var at = current;
            var ok = FirstFitDecreasing.TryDrain(ledger, host, ordered, i =>
            {
                // Watcher's candidates (the nodes still above in score order) first, then the nodes passed over.
                var destination = ledger.FirstFit(i, 0, at, host);
                return destination >= 0 ? destination : ledger.FirstFit(i, at + 1, ledger.OrderCount, host);
            });
            if (ok)
            {
                ledger.SetOpen(host, false);
                drained.Add(host);

                // Watcher re-runs the emptied node once, finds nothing to move and counts that as one failure.
                unsuccessful = 1;
            }
            else
            {
                unsuccessful++;
            }
        }

        return drained;
    }
}
