using System.Text.Json.Nodes;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Simulator;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>
/// The simulator's ground truth as the oracle (issue 8's acceptance): on the default simulator, periodic_contention_balance
/// finds the planted co-peaking group and removes its weekly contention, as the projected profiles show, while
/// workload_balance, which works from means, does not see it.
/// </summary>
public sealed class PlantedContentionTests
{
    [Fact]
    public async Task PeriodicContentionBalance_DefaultSimulator_FindsThePlantedGroupAndRemovesItsContention()
    {
        var (cloud, cluster, group) = await DefaultSimulatorAsync();
        var strategy = StrategyRegistry.Default.Find("periodic_contention_balance")!;
        var parameters = strategy.Parameters.Resolve([], strategy.Name);
        var history = await DefaultSimulatorScenarioTests.HistoryAsync(new SimulatedMetrics(cloud), cluster, strategy.History(parameters));
        var threshold = parameters["threshold"]!.GetValue<double>();

        // compute-01..03 are saturated all week (workload_balance's planted problem, not a periodic one); left in scope they
        // take the spare capacity first, so the audit is scoped to the rest of the cluster, as an operator would for this goal.
        var scope = ScopeParser.Parse(JsonNode.Parse("""[{"compute": [{"exclude": [{"compute_nodes": [{"name": "compute-01"}, {"name": "compute-02"}, {"name": "compute-03"}]}]}]}]""")!.AsArray());
        var result = strategy.Execute(new StrategyContext(cluster, parameters, scope, null, history));

        // The hosts over the threshold in the group's window are exactly the group's hosts (compute-05's daily peaks fall in
        // other hours), and every instance moved off them is a member of the group.
        var contended = result.ProjectedProfiles.Where(p => Enumerable.Range(0, 168).Any(h => group.Covers(h) && p.Before[h] > threshold)).Select(p => p.HostUuid);
        Assert.Equal(group.MembersByHost.Keys.Order(StringComparer.Ordinal), contended.Order(StringComparer.Ordinal));
        var movedOffGroupHosts = result.Actions.Where(a => a.ActionType == "migrate")
            .Select(a => cluster.FindInstance(a.ResourceId!)!).Where(i => group.MembersByHost.ContainsKey(i.HostUuid)).Select(i => i.Uuid).ToList();
        Assert.NotEmpty(movedOffGroupHosts);
        Assert.Subset(group.InstanceUuids.ToHashSet(StringComparer.Ordinal), movedOffGroupHosts.ToHashSet(StringComparer.Ordinal));

        // The contention the profiles showed in the group's window is gone, on every host looked at.
        Assert.Contains(result.ProjectedProfiles, p => Enumerable.Range(0, 168).Any(h => group.Covers(h) && p.Before[h] > threshold));
        Assert.All(result.ProjectedProfiles, p => Assert.True(p.After.Max() <= threshold + 1e-9, $"{p.Hostname} stays above {threshold} after the plan: {p.After.Max():0.0}"));
        var hoursBefore = result.EfficacyIndicators.Single(i => i.Name == "contention_hours_before").Value;
        Assert.True(hoursBefore > 0);
        Assert.Equal(hoursBefore, result.EfficacyIndicators.Single(i => i.Name == "contention_hours_removed").Value);
    }

    [Fact]
    public async Task WorkloadBalance_DefaultSimulator_DoesNotSeeThePlantedWeeklyContention()
    {
        var (cloud, cluster, group) = await DefaultSimulatorAsync();
        var strategy = StrategyRegistry.Default.Find("workload_balance")!;
        var snapshot = await MetricsCollector.CollectAsync(
            new SimulatedMetrics(cloud), cluster, strategy.RequiredMetrics, new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(7), TimeSpan.FromHours(1), "mean");
        var metrics = new SnapshotMetricsView(snapshot, cluster);

        // At periodic_contention_balance's threshold, the group's hosts look fine on weekly means...
        var at80 = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(new JsonObject { ["threshold"] = 80.0 }, strategy.Name), null, metrics));
        var groupHosts = group.MembersByHost.Keys.ToHashSet(StringComparer.Ordinal);
        Assert.All(groupHosts, h => Assert.True(metrics.Host(h, MetricNames.HostCpuUsage) < 80, $"{h}: mean {metrics.Host(h, MetricNames.HostCpuUsage):0.0} %"));

        // ...so workload_balance never relieves them by moving a member of the group.
        var defaults = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve([], strategy.Name), null, metrics));
        foreach (var result in new[] { at80, defaults })
        {
            Assert.DoesNotContain(result.Actions, a => a.ResourceId is { } id && group.InstanceUuids.Contains(id));
        }
    }

    private static async Task<(SimulatedCloud Cloud, Cluster.ClusterModel Cluster, CoPeakingGroup Group)> DefaultSimulatorAsync()
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions());
        var cluster = await cloud.GetClusterAsync();
        var truth = await new SimulatedMetrics(cloud).GetGroundTruthAsync();
        return (cloud, cluster, Assert.Single(truth.Groups));
    }
}
