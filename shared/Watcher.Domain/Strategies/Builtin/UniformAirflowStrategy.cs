using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>uniform_airflow</c> strategy (goal airflow_optimization): hosts whose airflow is at or above
/// <c>threshold_airflow</c> are sources, highest first. If the source's power and inlet temperature are both under
/// their thresholds the high airflow is taken for a hardware issue and every instance is evacuated (all or nothing);
/// otherwise its first active instance moves. Instances go, largest first, to the lowest-airflow host with room.
/// </summary>
public sealed class UniformAirflowStrategy : Strategy<UniformAirflowParameters>
{
    public override string Name => "uniform_airflow";

    public override string DisplayName => "Uniform airflow migration strategy";

    public override string GoalName => GoalCatalog.AirflowOptimization;

    public override ParameterSchema Parameters => UniformAirflowParameters.Schema;

    public override IReadOnlyList<string> RequiredMetrics { get; } = [MetricNames.HostAirflow, MetricNames.HostInletTemp, MetricNames.HostPower];

    protected override StrategyResult Execute(StrategyContext context, UniformAirflowParameters parameters)
    {
        var thresholdAirflow = parameters.ThresholdAirflow;
        var thresholdInlet = parameters.ThresholdInletT;
        var thresholdPower = parameters.ThresholdPower;
        var (sources, targets, withoutMetric) = OrderedFirstFit.SplitByMetric(context, MetricNames.HostAirflow, thresholdAirflow);
        var warnings = new List<string>();
        if (withoutMetric > 0)
        {
            warnings.Add($"{withoutMetric} host(s) have no {MetricNames.HostAirflow} metric and are neither sources nor destinations.");
        }

        var actions = new List<ProposedAction>();
        if (sources.Count > 0 && targets.Count == 0)
        {
            warnings.Add($"No host is under the airflow threshold {thresholdAirflow} (0.1 CFM), so no instance can be moved.");
        }
        else if (sources.Count > 0)
        {
            var placement = new Placement(context.Cluster);
            var failed = new List<Resources>();
            foreach (var source in sources)
            {
                var instances = context.Cluster.InstancesOn(source.Uuid);
                if (instances.Count == 0)
                {
                    continue;
                }

                var inlet = context.Metrics.Host(source.Uuid, MetricNames.HostInletTemp);
                var power = context.Metrics.Host(source.Uuid, MetricNames.HostPower);
                var hardwareIssue = power < thresholdPower && inlet < thresholdInlet;
                var plan = hardwareIssue
                    ? Evacuate(context, source, instances, targets, placement, warnings)
                    : MoveOne(context, source, instances, targets, placement, failed);
                if (plan.Count > 0)
                {
                    actions.AddRange(plan);
                    break;
                }
            }

            if (actions.Count == 0)
            {
                warnings.Add("No host over the airflow threshold has movable instances that fit on the hosts under it.");
            }
        }

        return new StrategyResult
        {
            Actions = actions,
            Warnings = warnings,
            EfficacyIndicators =
            [
                new("instance_migrations_count", "The number of VM migrations to be performed.", null, actions.Count),
            ],
        };
    }

    /// <summary>Hardware issue: every movable instance leaves, largest vCPU first, each to the first target with room; all or nothing.</summary>
    private static List<ProposedAction> Evacuate(StrategyContext context, ComputeNode source, IReadOnlyList<Instance> instances, IReadOnlyList<ComputeNode> targets, Placement placement, List<string> warnings)
    {
        var movable = instances.Where(context.Scope.IsInstanceMovable).OrderByDescending(i => i.VCpus).ToList();
        var planned = new Dictionary<string, Resources>(StringComparer.Ordinal);
        var moves = new List<(Instance Instance, ComputeNode Destination)>();
        foreach (var instance in movable)
        {
            ComputeNode? destination = null;
            foreach (var target in targets)
            {
                var free = placement.Free(target) - planned.GetValueOrDefault(target.Uuid);
                if (target.Uuid != source.Uuid && instance.Demand.FitsIn(free))
                {
                    destination = target;
                    break;
                }
            }

            if (destination is null)
            {
                warnings.Add($"{source.Hostname} looks faulty (high airflow, low power and inlet temperature) but its {movable.Count} movable instance(s) do not all fit elsewhere; it is not evacuated.");
                return [];
            }

            planned[destination.Uuid] = planned.GetValueOrDefault(destination.Uuid) + instance.Demand;
            moves.Add((instance, destination));
        }

        var actions = new List<ProposedAction>(moves.Count);
        foreach (var (instance, destination) in moves)
        {
            placement.Move(instance, destination);
            actions.Add(ActionFactory.Migrate(instance, source, destination, instance.State == InstanceState.Active ? "live" : "cold"));
        }

        return actions;
    }

    /// <summary>The first active movable instance that fits on a target, to the lowest-airflow target with room.</summary>
    private static List<ProposedAction> MoveOne(StrategyContext context, ComputeNode source, IReadOnlyList<Instance> instances, IReadOnlyList<ComputeNode> targets, Placement placement, List<Resources> failed)
    {
        if (OrderedFirstFit.FirstPlaceable(context, [source], targets, placement, failed) is { } move)
        {
            placement.Move(move.Instance, move.Destination);
            return [ActionFactory.Migrate(move.Instance, source, move.Destination, "live")];
        }

        return [];
    }
}
