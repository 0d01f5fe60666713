using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Analysis;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Optimization;
using Watcher.Simulator;

namespace Watcher.Domain.Tests.Strategies;

/// <summary>
/// Every registered strategy, run on the DEFAULT simulator (20 hosts, 100 instances, seed 42, as hosts/Watcher.LocalHost
/// configures it) through the datasource path an audit takes (MetricsCollector over SimulatedMetrics, then
/// SnapshotMetricsView), gives a non-empty plan the PlanVerifier accepts and that overloads no host at any step.
/// <see cref="Scenarios"/> lists, per strategy, the scenario and parameters used; adding a strategy is adding one line.
/// </summary>
public sealed class DefaultSimulatorScenarioTests
{
    private static readonly DateTimeOffset AuditTime = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A scenario: what it is, how it changes the default cluster, the strategy's parameters (given the cluster) and an optional scope.</summary>
    public sealed record Scenario(string Description, Func<ClusterModel, ClusterModel> Prepare, Func<ClusterModel, JsonObject> Parameters, AuditScope? Scope = null)
    {
        /// <summary>Changes the history the simulator served before the strategy sees it (a pattern the simulator does not plant).</summary>
        public Func<ClusterModel, MetricsHistory, MetricsHistory>? AdjustHistory { get; init; }
    }

    private static readonly Func<ClusterModel, ClusterModel> AsIs = c => c;

    private static JsonObject None(ClusterModel _) => [];

    /// <summary>Strategy name → the default-simulator scenario it must act on.</summary>
    public static IReadOnlyDictionary<string, Scenario> Scenarios { get; } = new Dictionary<string, Scenario>(StringComparer.Ordinal)
    {
        ["dummy"] = new("default cluster, default parameters", AsIs, None),
        ["actuator"] = new("default cluster, one nop action", AsIs, _ => new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["action_type"] = "nop", ["input_parameters"] = new JsonObject { ["message"] = "hello" } }) }),
        ["basic"] = new("default cluster (three saturated hosts, many lightly used ones): consolidation", AsIs, None),
        ["vm_workload_consolidation"] = new("default cluster: consolidation", AsIs, None),
        ["node_resource_consolidation"] = new("default cluster: consolidation by allocation", AsIs, None),
        ["optimal_consolidation"] = new("default cluster: optimal consolidation", AsIs, None),
        ["workload_balance"] = new("default cluster: compute-01..03 are saturated (mean CPU 100 %), threshold 25 %", AsIs, None),
        ["workload_stabilization"] = new("default cluster: skewed placement, default weights", AsIs, None),
        ["outlet_temperature"] = new("default cluster: the hot rack (compute-01..05, inlet ~30 °C) is over the 35 °C outlet threshold", AsIs, None),
        ["uniform_airflow"] = new("default cluster: busy hosts of the hot rack are over the 400 (0.1 CFM) airflow threshold", AsIs, None),
        ["saving_energy"] = new("after node_resource_consolidation's plan is applied: the emptied hosts are disabled and still powered on", AfterConsolidation, None),
        ["host_maintenance"] = new("default cluster: maintenance of compute-04 (4 instances), no backup node", AsIs, _ => new JsonObject { ["maintenance_node"] = "compute-04" }),
        ["zone_migration"] = new("default cluster: move compute-04's instances to compute-12", AsIs, _ => new JsonObject { ["compute_nodes"] = new JsonArray(new JsonObject { ["src_node"] = "compute-04", ["dst_node"] = "compute-12" }) }),
        ["storage_capacity_balance"] = new("default cluster: skewed storage pools, volume_threshold half-way between the emptiest and the fullest pool's usage", AsIs, MidwayPoolThreshold),
        ["noisy_neighbor"] = new("default cluster, L3 cache series from the simulator; on compute-02 the largest instance's L3 halves in the current period (victim) and the smallest one's doubles (noisy neighbour)", AsIs, None) { AdjustHistory = PlantNoisyPair },
        ["periodic_contention_balance"] = new("default cluster: the simulator's planted monday-batch group co-peaks on its hosts every Monday morning (4 weeks of hourly instance CPU history)", AsIs, None),
    };

    public static TheoryData<string> StrategyNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Registry.All.Select(s => s.Name).Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    private static StrategyRegistry Registry { get; } = StrategyRegistry.FromAssemblies(typeof(IStrategy).Assembly, typeof(OptimalConsolidationStrategy).Assembly);

    [Fact]
    public void Scenarios_EveryRegisteredStrategy_HasOne()
    {
        var missing = Registry.All.Select(s => s.Name).Where(n => !Scenarios.ContainsKey(n)).ToList();

        Assert.True(missing.Count == 0, $"No default-simulator scenario for: {string.Join(", ", missing)}. Add one line to {nameof(Scenarios)}.");
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public async Task Execute_DefaultSimulatorScenario_GivesANonEmptyCapacitySafePlan(string strategyName)
    {
        var strategy = Registry.Find(strategyName)!;
        var scenario = Scenarios[strategyName];
        var (cluster, metrics, cloud) = await PrepareAsync(scenario, strategy);
        var parameters = strategy.Parameters.Resolve(scenario.Parameters(cluster), strategy.Name);
        var history = await HistoryAsync(new SimulatedMetrics(cloud), cluster, strategy.History(parameters));
        if (scenario.AdjustHistory is { } adjust)
        {
            history = adjust(cluster, history);
        }

        var result = strategy.Execute(new StrategyContext(cluster, parameters, scenario.Scope, metrics, history));

        Assert.True(result.Actions.Count > 0, $"{strategyName} ({scenario.Description}) proposed nothing: {string.Join(" | ", result.Warnings)}");
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        AssertNeverOverloads(cluster, result.Actions);
        // The datasource served every metric the strategy declares (no fallback to the model, no gap).
        Assert.DoesNotContain(metrics.Warnings, w => strategy.RequiredMetrics.Any(m => w.Contains($" {m} ", StringComparison.Ordinal)));
    }

    /// <summary>The scenario's cluster as the simulator holds it (embedded metrics recomputed), and what an audit would collect from SimulatedMetrics.</summary>
    private static async Task<(ClusterModel Cluster, SnapshotMetricsView Metrics, SimulatedCloud Cloud)> PrepareAsync(Scenario scenario, IStrategy strategy)
    {
        var cloud = new SimulatedCloud(new InMemoryDocumentStore(), new SimulatorOptions());
        await cloud.ResetAsync(scenario.Prepare(await cloud.GetClusterAsync()));
        var cluster = await cloud.GetClusterAsync();
        var snapshot = await MetricsCollector.CollectAsync(
            new SimulatedMetrics(cloud), cluster, strategy.RequiredMetrics, AuditTime, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), "mean");
        return (cluster, new SnapshotMetricsView(snapshot, cluster), cloud);
    }

    /// <summary>The history an audit would collect for the strategy's requirement: raw series from the source, resampled onto the grid ending at the audit time.</summary>
    internal static async Task<MetricsHistory> HistoryAsync(IMetricsSource source, ClusterModel cluster, HistoryRequirement? requirement)
    {
        var history = new MetricsHistory();
        if (requirement is null)
        {
            return history;
        }

        var step = requirement.Step;
        var count = (int)Math.Ceiling(requirement.Period / step);
        var end = Watcher.Domain.Metrics.Storage.SeriesGrid.AlignedEnd(AuditTime, step);
        var start = end - (step * count);
        foreach (var metric in requirement.Metrics)
        {
            var kind = MetricNames.IsHostMetric(metric) ? MetricResource.Host : MetricResource.Instance;
            var ids = kind == MetricResource.Host ? cluster.Hosts.Select(h => h.Uuid).ToList() : cluster.Instances.Select(i => i.Uuid).ToList();
            foreach (var series in await source.QueryRangeAsync(new MetricRangeQuery(metric, kind, ids, start, end - step, step)))
            {
                history.Add(kind, series.ResourceId, metric, TimeSeriesAnalysis.Resample(series.Points, start, step, count));
            }
        }

        return history;
    }

    /// <summary>Replays the plan action by action: no host that was within capacity goes over it at any step.</summary>
    private static void AssertNeverOverloads(ClusterModel cluster, IReadOnlyList<ProposedAction> actions)
    {
        var state = new ClusterState(cluster);
        var before = state.OverloadedNodes().Select(n => n.Uuid).ToHashSet(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            ActionCatalog.Default.Get(action.ActionType).Apply(state, action.InputParameters);
            var over = state.OverloadedNodes().Where(n => !before.Contains(n.Uuid)).Select(n => n.Hostname).ToList();
            Assert.True(over.Count == 0, $"after {action.ActionType} of {action.ResourceId}: {string.Join(", ", over)} over capacity");
        }
    }

    /// <summary>The default cluster after node_resource_consolidation's plan ran: emptied hosts are disabled and powered on.</summary>
    private static ClusterModel AfterConsolidation(ClusterModel cluster)
    {
        var strategy = Registry.Find("node_resource_consolidation")!;
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(new JsonObject(), strategy.Name)));
        var state = new ClusterState(cluster);
        foreach (var action in result.Actions)
        {
            ActionCatalog.Default.Get(action.ActionType).Apply(state, action.InputParameters);
        }

        return state.ToModel();
    }

    private static JsonObject MidwayPoolThreshold(ClusterModel cluster)
    {
        var used = cluster.StoragePools.Select(p => 100.0 * (p.TotalCapacityGb - p.FreeCapacityGb) / p.TotalCapacityGb).ToList();
        return new JsonObject { ["volume_threshold"] = Math.Round((used.Min() + used.Max()) / 2, 1) };
    }

    /// <summary>
    /// On compute-02, the largest instance's L3 series halves in the current (second) half of the history (victim) and the
    /// smallest one's doubles (noisy neighbour); every other series stays as the simulator served it.
    /// </summary>
    private static MetricsHistory PlantNoisyPair(ClusterModel cluster, MetricsHistory served)
    {
        var host = cluster.Hosts.Single(h => h.Hostname == "compute-02");
        var active = cluster.InstancesOn(host.Uuid).Where(i => i.State == InstanceState.Active).OrderByDescending(i => i.VCpus).ThenBy(i => i.Uuid, StringComparer.Ordinal).ToList();
        var victim = active[0].Uuid;
        var noisy = active[^1].Uuid;
        var planted = new MetricsHistory();
        foreach (var (resource, id, metric, series) in served.All())
        {
            var factor = metric != MetricNames.InstanceL3CacheUsage ? 1 : id == victim ? 0.5 : id == noisy ? 2 : 1;
            var values = (double[])series.Values.Clone();
            for (var i = values.Length / 2; i < values.Length; i++)
            {
                values[i] *= factor;
            }

            planted.Add(resource, id, metric, series with { Values = values });
        }

        return planted;
    }
}
