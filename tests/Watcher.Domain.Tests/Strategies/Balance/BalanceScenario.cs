using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Testing;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>Builders and checks shared by the workload/thermal/airflow strategy scenarios.</summary>
public static class BalanceScenario
{
    public static ComputeNode Host(string name, int vcpus = 16, int memoryMb = 32768, int diskGb = 500, ServiceStatus status = ServiceStatus.Enabled, params (string Name, double Value)[] metrics) =>
        TestClusters.Node(name, vcpus, memoryMb, diskGb, status) with { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    public static Instance Vm(string name, string host, int vcpus = 2, int memoryMb = 2048, int diskGb = 20, string state = InstanceState.Active, params (string Name, double Value)[] metrics) =>
        TestClusters.Vm(name, host, vcpus, memoryMb, diskGb, state) with { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    /// <summary>Resolves the parameters, runs the strategy and checks the plan against the hard invariants.</summary>
    public static StrategyResult Run(IStrategy strategy, ClusterModel cluster, JsonObject? parameters = null, AuditScope? scope = null)
    {
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(parameters, strategy.Name), scope));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        var moved = result.Actions.Where(a => a.ActionType == ActionTypes.Migrate).Select(a => a.ResourceId).ToList();
        Assert.Equal(moved.Count, moved.Distinct().Count());
        return result;
    }

    public static string Describe(ProposedAction a) =>
        a.ActionType == ActionTypes.Migrate
            ? $"migrate {a.InputParameters["migration_type"]} {a.InputParameters["resource_name"]} {a.InputParameters["source_node"]}->{a.InputParameters["destination_node"]}"
            : a.ActionType;

    public static string[] Plan(StrategyResult result) => result.Actions.Select(Describe).ToArray();

    public static double Indicator(StrategyResult result, string name) => result.EfficacyIndicators.Single(i => i.Name == name).Value;
}
