using System.Text.Json.Nodes;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;

namespace Watcher.Domain.Strategies;

/// <summary>
/// A strategy plugin: turns a cluster model and its metrics into proposed actions for one goal.
/// Implementations are discovered by <see cref="StrategyRegistry"/>, so adding a strategy means adding one class.
/// Strategies are pure: no I/O, no clock, no randomness beyond the context's seed.
/// </summary>
public interface IStrategy
{
    /// <summary>Watcher's strategy name, such as <c>host_maintenance</c>.</summary>
    string Name { get; }

    /// <summary>The human-readable name Watcher shows.</summary>
    string DisplayName { get; }

    /// <summary>The name of the goal this strategy serves.</summary>
    string GoalName { get; }

    /// <summary>The parameters' JSON Schema: validation, defaults and the published <c>parameters_spec</c>.</summary>
    ParameterSchema Parameters { get; }

    /// <summary>The metric names the strategy reads; the audit collects only these.</summary>
    IReadOnlyList<string> RequiredMetrics => [];

    /// <summary>The raw history the strategy reads through <see cref="StrategyContext.History"/>, given its resolved parameters; null when it needs none.</summary>
    HistoryRequirement? History(JsonObject parameters) => null;

    StrategyResult Execute(StrategyContext context);

    /// <summary>
    /// Problems with resolved <paramref name="parameters"/> that the schema cannot see, found when an audit or template is
    /// created (so bad input is a 400, not a FAILED audit later), each naming the parameter; empty when none.
    /// <paramref name="cluster"/> is the cloud's current model when <see cref="ChecksParametersAgainstCluster"/>, else null.
    /// </summary>
    IReadOnlyList<string> CheckParameters(JsonObject parameters, Cluster.ClusterModel? cluster) => [];

    /// <summary>Whether <see cref="CheckParameters"/> wants the cluster (the actuator's actions name instances and hosts).</summary>
    bool ChecksParametersAgainstCluster => false;
}
