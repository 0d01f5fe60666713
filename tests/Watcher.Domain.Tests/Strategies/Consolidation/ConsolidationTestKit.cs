using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Consolidation;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary>Helpers shared by the consolidation strategy tests: running a strategy, describing actions, metrics and plan checks.</summary>
public static class ConsolidationTestKit
{
    public static StrategyResult Run(IStrategy strategy, ClusterModel cluster, JsonObject? parameters = null, AuditScope? scope = null)
    {
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(parameters, strategy.Name), scope));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    public static string Describe(ProposedAction a) => a.ActionType switch
    {
        ActionTypes.Migrate => $"migrate {a.InputParameters["migration_type"]} {a.InputParameters["resource_name"]} {a.InputParameters["source_node"]}->{a.InputParameters["destination_node"]}",
        ActionTypes.ChangeNovaServiceState => $"service {a.InputParameters["resource_name"]} {a.InputParameters["state"]} {a.InputParameters["disabled_reason"]}".TrimEnd(),
        _ => a.ActionType,
    };

    public static string[] Describe(StrategyResult result) => result.Actions.Select(Describe).ToArray();

    public static double Indicator(StrategyResult result, string name) =>
        result.EfficacyIndicators.Concat(result.GlobalEfficacy).Single(i => i.Name == name).Value;

    public static ComputeNode WithMetrics(this ComputeNode node, params (string Name, double Value)[] metrics) =>
        node with { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    public static Instance WithMetrics(this Instance instance, params (string Name, double Value)[] metrics) =>
        instance with { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    /// <summary>
    /// Checks a consolidation plan against the first-fit-decreasing baseline: it releases at least as many hosts, and
    /// it migrates no more than needed (each instance once, only off hosts it releases, all their instances).
    /// Returns (released by the plan, released by the baseline).
    /// </summary>
    public static (int Released, int Baseline) AssertAtLeastFirstFitDecreasing(ClusterModel cluster, StrategyResult result, Func<Instance, bool> canMove)
    {
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        var released = ConsolidationReplay.ReleasedHosts(cluster, result.Actions);
        var baseline = FirstFitDecreasing.Consolidate(cluster, canMove: canMove);
        Assert.True(released.Count >= baseline.ReleasedCount, $"released {released.Count} hosts, first-fit-decreasing {baseline.ReleasedCount}");

        var migrations = result.Actions.Where(a => a.ActionType == ActionTypes.Migrate).ToList();
        var releasedNames = released.Select(h => h.Hostname).ToHashSet(StringComparer.Ordinal);
        Assert.All(migrations, m => Assert.Contains(m.InputParameters["source_node"]!.GetValue<string>(), releasedNames));
        Assert.Equal(migrations.Count, migrations.Select(m => m.ResourceId).Distinct().Count());
        Assert.Equal(released.Sum(h => cluster.InstancesOn(h.Uuid).Count), migrations.Count);
        return (released.Count, baseline.ReleasedCount);
    }
}
