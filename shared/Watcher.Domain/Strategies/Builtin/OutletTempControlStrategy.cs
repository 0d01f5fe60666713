using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>outlet_temperature</c> strategy (goal thermal_optimization): when a host's outlet temperature is at or
/// above <c>threshold</c>, live-migrate one active instance from the hottest such host to the coolest host under the
/// threshold that has room for it. One migration per audit, as in Watcher (the effect of a move on temperatures cannot
/// be forecast); unlike Watcher, when the first candidate fits nowhere the next candidate is tried.
/// </summary>
public sealed class OutletTempControlStrategy : Strategy<OutletTempControlParameters>
{
    public override string Name => "outlet_temperature";

    public override string DisplayName => "Outlet temperature based strategy";

    public override string GoalName => GoalCatalog.ThermalOptimization;

    public override ParameterSchema Parameters => OutletTempControlParameters.Schema;

    public override IReadOnlyList<string> RequiredMetrics { get; } = [MetricNames.HostOutletTemp];

    protected override StrategyResult Execute(StrategyContext context, OutletTempControlParameters parameters)
    {
        var threshold = parameters.Threshold;
        var (hot, cool, withoutMetric) = OrderedFirstFit.SplitByMetric(context, MetricNames.HostOutletTemp, threshold);
        var warnings = new List<string>();
        if (withoutMetric > 0)
        {
            warnings.Add($"{withoutMetric} host(s) have no {MetricNames.HostOutletTemp} metric and are neither sources nor destinations.");
        }

        var actions = new List<ProposedAction>();
        if (hot.Count > 0 && cool.Count == 0)
        {
            warnings.Add($"No host is under the {threshold} °C outlet temperature threshold, so no instance can be moved.");
        }
        else if (hot.Count > 0)
        {
            var placement = new Placement(context.Cluster);
            var move = OrderedFirstFit.FirstPlaceable(context, hot, cool, placement);
            if (move is { } found)
            {
                placement.Move(found.Instance, found.Destination);
                actions.Add(ActionFactory.Migrate(found.Instance, found.Source, found.Destination, "live"));
            }
            else
            {
                warnings.Add("No active, movable instance on a host over the threshold fits on a host under it.");
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
}
