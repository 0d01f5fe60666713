using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>noisy_neighbor scenarios whose expected plans follow Watcher's noisy_neighbor.py (threshold 35 %: victim below 65 %, noisy above 135 % of the previous period).</summary>
public sealed class MiscNoisyNeighborTests
{
    private static readonly NoisyNeighborStrategy Strategy = new();

    /// <summary>An instance with a priority and its L3 cache occupancy now and in the previous period (KB).</summary>
    private static Instance Cached(string name, string host, double? priority, double? current, double? previous, int memoryMb = 4096, string state = InstanceState.Active)
    {
        var metrics = new Dictionary<string, double>();
        if (priority is { } p)
        {
            metrics[NoisyNeighborStrategy.PriorityKey] = p;
        }

        if (current is { } c)
        {
            metrics["instance_l3_cache_usage"] = c;
        }

        if (previous is { } v)
        {
            metrics[NoisyNeighborStrategy.PreviousCacheMetric] = v;
        }

        return Vm(name, host, memoryMb: memoryMb, state: state) with { Metrics = metrics };
    }

    [Fact]
    public void Execute_VictimAndNoisyOnOneNode_LiveMigratesNoisyToMostFreeRamNode()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C", memoryMb: 16384)],
            [Cached("hi", "A", 1, 50, 100), Cached("mid", "A", null, 100, 100), Cached("lo", "A", 8, 200, 100)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live lo A->B"], Plan(result));
        Assert.Equal(1, Indicator(result, "noisy_instances_count"));
        Assert.Equal(100, Indicator(result, "relieved_nodes_ratio"));
    }

    [Fact]
    public void Execute_NoisySearch_StartsFromLeastImportantAndSkipsInstancesWithoutMetrics()
    {
        // n2 (9) is checked first but is steady; nodata (7) has no metrics; n1 (6) grew: it is the noisy one.
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Cached("hi", "A", 1, 40, 100), Cached("n1", "A", 6, 150, 100), Cached("nodata", "A", 7, null, null), Cached("n2", "A", 9, 100, 100)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live n1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_CacheThreshold_DecidesWhetherADropCounts()
    {
        // hi dropped to 70 % (not below 65 %), lo grew to 140 %.
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Cached("hi", "A", 1, 70, 100), Cached("lo", "A", 8, 140, 100)]);

        var byDefault = Run(Strategy, cluster);
        var sensitive = Run(Strategy, cluster, new JsonObject { ["cache_threshold"] = 25.0 });

        Assert.Empty(byDefault.Actions);
        Assert.Equal(["migrate live lo A->B"], Plan(sensitive));
    }

    [Fact]
    public void Execute_FirstVictimFoundWithoutNoisyNeighbour_NodeIsLeftAlone()
    {
        // Watcher stops at the most important victim: 'second' (also hurt) is not examined, and 'mid' sits above 'hi'.
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Cached("mid", "A", 3, 100, 100), Cached("hi", "A", 1, 50, 100), Cached("second", "A", 4, 10, 100)]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
    }

    [Fact]
    public void Execute_SeveralNodes_MostImportantVictimFirstAndOneNoisyPerDestination()
    {
        // A's victim has priority 2, D's priority 1: D is served first and takes B (most free RAM); A's noisy gets C.
        // Neither A nor D receives a noisy instance.
        var cluster = new ClusterModel(
            [Node("A", memoryMb: 65536), Node("B", memoryMb: 49152), Node("C", memoryMb: 40960), Node("D", memoryMb: 65536)],
            [
                Cached("a-hi", "A", 2, 10, 100), Cached("a-lo", "A", 9, 300, 100),
                Cached("d-hi", "D", 1, 10, 100), Cached("d-lo", "D", 9, 300, 100),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live d-lo D->B", "migrate live a-lo A->C"], Plan(result));
    }

    [Fact]
    public void Execute_NoisyInstanceExcludedByScope_NextCandidateIsMoved()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Cached("hi", "A", 1, 10, 100), Cached("n1", "A", 6, 200, 100), Cached("n2", "A", 9, 200, 100)]);

        var result = Run(Strategy, cluster, scope: new AuditScope { ExcludeInstances = ["uuid-n2"] });

        Assert.Equal(["migrate live n1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_NoRoomAnywhere_ReportsTheNoisyInstance()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", memoryMb: 2048)],
            [Cached("hi", "A", 1, 10, 100), Cached("lo", "A", 9, 300, 100, memoryMb: 8192)]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Contains(result.Warnings, w => w.Contains("lo", StringComparison.Ordinal));
        Assert.Equal(0, Indicator(result, "relieved_nodes_ratio"));
    }

    [Theory]
    [InlineData("""{"cache_threshold": 150}""", "cache_threshold")]
    [InlineData("""{"cache_threshold": "high"}""", "cache_threshold")]
    [InlineData("""{"period": -5}""", "period")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(JsonNode.Parse(json)!.AsObject(), Strategy.Name));

        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PlanKeepsInvariants()
    {
        var generated = ClusterGenerator.Generate(2000, 8000, seed: 11);
        var random = new Random(5);
        var instances = generated.Instances.Select(i => i with
        {
            Metrics = new Dictionary<string, double>(i.Metrics)
            {
                [NoisyNeighborStrategy.PriorityKey] = random.Next(1, 10),
                ["instance_l3_cache_usage"] = random.Next(10, 300),
                [NoisyNeighborStrategy.PreviousCacheMetric] = 100,
            },
        }).ToList();
        var cluster = new ClusterModel(generated.Hosts, instances);

        var result = Run(Strategy, cluster);

        Assert.NotEmpty(result.Actions);
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        Assert.Equal(result.Actions.Count, result.Actions.Select(a => a.InputParameters["destination_node"]!.GetValue<string>()).Distinct().Count());
    }
    /// <summary>An L3 cache series at the history step for period 600 s (step 300 s): two samples per period, previous then current.</summary>
    private static RegularSeries CacheSeries(params double[] values) => new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(300), values);

    private static StrategyResult RunWithHistory(ClusterModel cluster, MetricsHistory history, JsonObject? parameters = null)
    {
        var result = Strategy.Execute(new StrategyContext(cluster, Strategy.Parameters.Resolve(parameters, Strategy.Name), history: history));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    [Fact]
    public void Execute_DefaultSimulatorWithoutCacheHistory_WarnsAndReportsNoNodeRelieved()
    {
        // The default simulator (20 hosts, 100 instances, seed 42) serves no previous period: nothing can be detected.
        // This used to report relieved_nodes_ratio 100 with no warning, as if every noisy neighbour had been handled.
        var cluster = ClusterGenerator.Generate(20, 100, seed: 42);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Equal(0, Indicator(result, "noisy_instances_count"));
        Assert.Equal(0, Indicator(result, "relieved_nodes_ratio"));
        Assert.Contains(result.Warnings, w => w.Contains("No instance_l3_cache_usage for both periods", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_BothPeriodsFromHistory_FindsVictimAndNoisyNeighbour()
    {
        // period 600 s: the series holds 4 samples of 300 s, the first two the previous period, the last two the current
        // one. hi fell from 100 to 45 (< 65 %), lo grew from 100 to 210 (> 135 %); mid is steady with a gap. The aggregated
        // metrics (steady) are overridden by the series.
        var cluster = new ClusterModel(
            [Node("A"), Node("B")],
            [Cached("hi", "A", 1, 100, 100), Cached("mid", "A", 5, 100, 100), Cached("lo", "A", 8, 100, 100)]);
        var history = new MetricsHistory()
            .Add(MetricResource.Instance, "uuid-hi", "instance_l3_cache_usage", CacheSeries(100, 100, 40, 50))
            .Add(MetricResource.Instance, "uuid-mid", "instance_l3_cache_usage", CacheSeries(100, double.NaN, 100, 100))
            .Add(MetricResource.Instance, "uuid-lo", "instance_l3_cache_usage", CacheSeries(90, 110, 200, 220));

        var result = RunWithHistory(cluster, history, new JsonObject { ["period"] = 600.0 });

        Assert.Equal(["migrate live lo A->B"], Plan(result));
        Assert.Equal(1, Indicator(result, "noisy_instances_count"));
        Assert.Equal(100, Indicator(result, "relieved_nodes_ratio"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Execute_HistoryLongerThanTwoPeriods_ComparesTheLastTwoPeriodsOnly()
    {
        // Six samples: an old spike (ignored), then previous [100, 100] and current [50, 40] for hi; lo doubles.
        var cluster = new ClusterModel([Node("A"), Node("B")], [Cached("hi", "A", 1, null, null), Cached("lo", "A", 8, null, null)]);
        var history = new MetricsHistory()
            .Add(MetricResource.Instance, "uuid-hi", "instance_l3_cache_usage", CacheSeries(10, 10, 100, 100, 50, 40))
            .Add(MetricResource.Instance, "uuid-lo", "instance_l3_cache_usage", CacheSeries(900, 900, 100, 100, 200, 200));

        var result = RunWithHistory(cluster, history, new JsonObject { ["period"] = 600.0 });

        Assert.Equal(["migrate live lo A->B"], Plan(result));
    }

    [Fact]
    public void Execute_OnePeriodAllGaps_InstanceIsSkippedAndReported()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Cached("hi", "A", 1, null, null), Cached("lo", "A", 8, null, null)]);
        var history = new MetricsHistory()
            .Add(MetricResource.Instance, "uuid-hi", "instance_l3_cache_usage", CacheSeries(double.NaN, double.NaN, 50, 40))
            .Add(MetricResource.Instance, "uuid-lo", "instance_l3_cache_usage", CacheSeries(100, 100, 200, 200));

        var result = RunWithHistory(cluster, history, new JsonObject { ["period"] = 600.0 });

        Assert.Empty(result.Actions);
        Assert.Contains("1 instance(s) have no instance_l3_cache_usage for both periods", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100.0, 200, 100)]
    [InlineData(900.0, 1800, 300)]
    [InlineData(400.0, 800, 200)]
    public void History_Period_AsksForTwoPeriodsAtAStepDividingIt(double period, int windowSeconds, int stepSeconds)
    {
        IStrategy strategy = Strategy;

        var requirement = strategy.History(strategy.Parameters.Resolve(new JsonObject { ["period"] = period }, strategy.Name));

        Assert.NotNull(requirement);
        Assert.Equal(["instance_l3_cache_usage"], requirement.Metrics);
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), requirement.Period);
        Assert.Equal(TimeSpan.FromSeconds(stepSeconds), requirement.Step);
    }
}
