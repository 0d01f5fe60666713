using System.Text.Json.Nodes;
using Watcher.Domain.Metrics;
using Watcher.Domain.Actions;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;

namespace Watcher.Orchestrations.Tests;

/// <summary>A strategy that declares a history requirement and records the history it was given.</summary>
public sealed class HistoryProbeStrategy(TimeSpan period, TimeSpan step) : IStrategy
{
    public string Name => "history_probe";

    public string DisplayName => "History probe";

    public string GoalName => GoalCatalog.Dummy;

    public ParameterSchema Parameters => DummyParameters.Schema;

    /// <summary>The metrics it asks history for: one of hosts, one of instances.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage];

    /// <summary>The history of the last run.</summary>
    public IMetricsHistory? LastHistory { get; private set; }

    public HistoryRequirement? History(JsonObject parameters) => new(Metrics, period, step);

    public StrategyResult Execute(StrategyContext context)
    {
        LastHistory = context.History;
        return new StrategyResult { Actions = [ActionFactory.Nop("probe")] };
    }
}
