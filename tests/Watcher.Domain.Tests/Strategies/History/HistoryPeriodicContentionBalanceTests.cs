using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;
using static Watcher.Domain.Tests.Strategies.History.WeeklyHistory;

namespace Watcher.Domain.Tests.Strategies.History;

/// <summary>
/// periodic_contention_balance on synthetic history: co-peaking instances (Monday 08–11 UTC, hours of week 8–10) share
/// hosts whose mean load is moderate.
/// </summary>
public sealed class HistoryPeriodicContentionBalanceTests
{
    private const int MondayEight = 8;
    private const int MondayEleven = 11;
    private static readonly PeriodicContentionBalanceStrategy Strategy = new();

    /// <summary>
    /// A and B (16 vCPUs) each hold four 4-vCPU instances at 20 % that all run at 100 % on Monday 08–11: 16 busy vCPUs
    /// (100 %) three hours a week, 3.2 (20 %) otherwise, a mean of about 21 %. C and D hold two steady 4-vCPU instances
    /// at 40 % (20 %). Threshold 80 % = 12.8 vCPUs: each of A and B must shed 3.2 vCPUs of peak, one instance.
    /// </summary>
    private static (ClusterModel Cluster, MetricsHistory History) CoPeaking(params ComputeNode[] extraHosts)
    {
        var cluster = new ClusterModel(
            [Host("A"), Host("B"), Host("C"), Host("D"), .. extraHosts],
            [
                Vm("a1", "A", vcpus: 4), Vm("a2", "A", vcpus: 4), Vm("a3", "A", vcpus: 4), Vm("a4", "A", vcpus: 4),
                Vm("b1", "B", vcpus: 4), Vm("b2", "B", vcpus: 4), Vm("b3", "B", vcpus: 4), Vm("b4", "B", vcpus: 4),
                Vm("c1", "C", vcpus: 4), Vm("c2", "C", vcpus: 4), Vm("d1", "D", vcpus: 4), Vm("d2", "D", vcpus: 4),
            ]);
        var burst = Burst(20, 100, MondayEight, MondayEleven);
        var series = new Dictionary<string, RegularSeries>();
        foreach (var name in new[] { "a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4" })
        {
            series[name] = burst;
        }

        foreach (var name in new[] { "c1", "c2", "d1", "d2" })
        {
            series[name] = Flat(40);
        }

        return With(cluster, series);
    }

    private static StrategyResult RunWith(IStrategy strategy, ClusterModel cluster, IMetricsHistory history, JsonObject? parameters = null, AuditScope? scope = null)
    {
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(parameters, strategy.Name), scope, history: history));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    [Fact]
    public void Execute_CoPeakingGroupsOnTwoHosts_MovesOneFromEachAndProfilesEndUnderThreshold()
    {
        var (cluster, history) = CoPeaking();

        var result = RunWith(Strategy, cluster, history);

        // One co-peaking instance leaves each host (the first of the group: ties keep model order), to the host left flattest.
        Assert.Equal(["migrate live a1 A->C", "migrate live b1 B->D"], Plan(result));
        Assert.Equal(2, Indicator(result, "contended_hosts_count"));
        Assert.Equal(100, Indicator(result, "projected_peak_before"), 6);
        Assert.Equal(75, Indicator(result, "projected_peak_after"), 6);
        Assert.Equal(6, Indicator(result, "contention_hours_before"));
        Assert.Equal(6, Indicator(result, "contention_hours_removed"));
        Assert.Empty(result.Warnings);

        // Profiles of every host it looked at: the contended ones and the destinations, 168 hours each.
        Assert.Equal(["A", "B", "C", "D"], result.ProjectedProfiles.Select(p => p.Hostname).Order(StringComparer.Ordinal).ToArray());
        foreach (var profile in result.ProjectedProfiles)
        {
            Assert.Equal(168, profile.Before.Length);
            Assert.Equal(168, profile.After.Length);
            Assert.Equal(80, profile.Threshold);
            Assert.All(profile.After, v => Assert.True(v <= 80, $"{profile.Hostname} after {v}"));
        }

        var a = result.ProjectedProfiles.Single(p => p.Hostname == "A");
        Assert.Equal([100, 100, 100], a.Before[MondayEight..MondayEleven]);
        Assert.Equal(20, a.Before[0]);
        Assert.Equal([75, 75, 75], a.After[MondayEight..MondayEleven]);
        Assert.Equal(45, result.ProjectedProfiles.Single(p => p.Hostname == "C").After[MondayEight]);
    }

    [Fact]
    public void Execute_SameClusterFromMeans_WorkloadBalanceProposesNothing()
    {
        // The aggregated instance_cpu_usage is each series' mean: A and B average ~21 %, below workload_balance's 25 %
        // default, and far below 80 % — the weekly contention is invisible to it. periodic_contention_balance sees it.
        var (cluster, history) = CoPeaking();

        var byMeans = Run(new WorkloadBalanceStrategy(), cluster);
        var byMeansSameThreshold = Run(new WorkloadBalanceStrategy(), cluster, new JsonObject { ["threshold"] = 80.0 });
        var byHistory = RunWith(Strategy, cluster, history);

        Assert.Empty(byMeans.Actions);
        Assert.Empty(byMeansSameThreshold.Actions);
        Assert.NotEmpty(byHistory.Actions);
    }

    [Fact]
    public void Execute_GroupNeedsTwoMoves_MovesExactlyTwo()
    {
        // A (32 vCPUs, limit 25.6) runs eight co-peaking 4-vCPU instances: 32 busy at the peak, 6.4 over. One move removes
        // 4 (not enough), two remove 8: exactly two migrations, none from the steady host.
        var cluster = new ClusterModel(
            [Host("A", vcpus: 32), Host("E", vcpus: 32)],
            [.. Enumerable.Range(1, 8).Select(i => Vm($"a{i}", "A", vcpus: 4))]);
        var (withMetrics, history) = With(cluster, Enumerable.Range(1, 8).ToDictionary(i => $"a{i}", _ => Burst(20, 100, MondayEight, MondayEleven)));

        var result = RunWith(Strategy, withMetrics, history);

        Assert.Equal(2, result.Actions.Count);
        Assert.All(result.Actions, a => Assert.Equal("E", a.InputParameters["destination_node"]!.GetValue<string>()));
        Assert.All(result.ProjectedProfiles.Single(p => p.Hostname == "A").After, v => Assert.True(v <= 80));
    }

    [Fact]
    public void Execute_ExactSearch_PicksTheSingleInstanceThatResolvesOverTwoSmallerOnes()
    {
        // A (16 vCPUs, limit 12.8) peaks at 16: big (8 vCPUs, 100 % at the peak) alone covers the 3.2 excess; each small
        // one (2 vCPUs, 100 % at the peak) covers 2, so two would be needed although they move less load.
        var cluster = new ClusterModel(
            [Host("A"), Host("E")],
            [Vm("big", "A", vcpus: 8), Vm("s1", "A", vcpus: 2), Vm("s2", "A", vcpus: 2), Vm("s3", "A", vcpus: 2), Vm("s4", "A", vcpus: 2)]);
        var (withMetrics, history) = With(cluster, new[] { "big", "s1", "s2", "s3", "s4" }.ToDictionary(n => n, _ => Burst(10, 100, MondayEight, MondayEleven)));

        var result = RunWith(Strategy, withMetrics, history);

        Assert.Equal(["migrate live big A->E"], Plan(result));
    }

    [Fact]
    public void Execute_DestinationsFullDisabledOrOutOfScope_OnlyTheSafeOneIsUsed()
    {
        // C and D are already at 40 % flat with no vCPU left; X is disabled, Y is outside the scope (both empty and
        // idle); F's RAM has room for one 2 GB instance only (its CPU would take both). A's instance goes to F; B has
        // nowhere to go and is reported.
        var (cluster, history) = CoPeaking(Host("X", status: ServiceStatus.Disabled), Host("Y"), Host("F", memoryMb: 3072));
        var full = new ClusterModel(cluster.Hosts, [.. cluster.Instances, Vm("c-fill", "C", vcpus: 8), Vm("d-fill", "D", vcpus: 8)]);

        var result = RunWith(Strategy, full, history, scope: new AuditScope { ExcludeHosts = ["Y"] });

        Assert.Equal(["migrate live a1 A->F"], Plan(result));
        Assert.Contains(result.Warnings, w => w.Contains("Host B stays above 80", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("2 instance(s) have no instance_cpu_usage history", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_NoHistory_WarnsNamingTheMetricAndProposesNothing()
    {
        var (cluster, _) = CoPeaking();

        var result = RunWith(Strategy, cluster, MetricsHistory.Empty);

        Assert.Empty(result.Actions);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("No instance_cpu_usage history for any of the 12 instance(s)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_OnTheAfterState_ProposesNothing()
    {
        var (cluster, history) = CoPeaking();
        var first = RunWith(Strategy, cluster, history);

        var second = RunWith(Strategy, After(cluster, first.Actions), history);

        Assert.NotEmpty(first.Actions);
        Assert.Empty(second.Actions);
        Assert.Equal(0, Indicator(second, "contended_hosts_count"));
        Assert.Equal(75, Indicator(second, "projected_peak_before"), 6);
        Assert.Empty(second.ProjectedProfiles);
    }

    [Fact]
    public void Execute_ExcludedGroupMember_AnotherMemberMoves()
    {
        var (cluster, history) = CoPeaking();

        var result = RunWith(Strategy, cluster, history, scope: new AuditScope { ExcludeInstances = ["uuid-a1"] });

        Assert.Equal(["migrate live a2 A->C", "migrate live b1 B->D"], Plan(result));
    }

    [Fact]
    public void PlanBuilder_PeriodicContentionResult_PlanCarriesTheProjectedProfiles()
    {
        var (cluster, history) = CoPeaking();
        var result = RunWith(Strategy, cluster, history);
        var audit = new Audit { Uuid = "audit-p", Name = "p", GoalUuid = "g", GoalName = GoalCatalog.WorkloadBalancing, StrategyUuid = "s", StrategyName = Strategy.Name };

        var plan = PlanBuilder.Build("plan-p", audit, Strategy, result, new WeightPlanner(), WeeklyHistory.Start);

        Assert.Equal(2, plan.Actions.Count);
        Assert.Equal(result.ProjectedProfiles, plan.ProjectedProfiles);
        Assert.Equal(4, plan.ProjectedProfiles.Count);
    }

    [Fact]
    public void Execute_GeneratedCluster1000HostsWithPlantedGroups_ResolvesAllContentionSafelyAndIsIdempotent()
    {
        // 1,000 hosts / 4,000 instances: every instance at a steady 10-30 %, except a planted batch job on every 4th
        // host — all its instances at 100 % on Monday 08-11 UTC. Whatever that overloads must be brought under 80 %
        // without overloading anything else, and a second run on the result must find nothing.
        // Hosts of 32/64 vCPUs (the generator's default shrank to 8/16 to make the simulator's hosts busy), so there is
        // room to resolve every planted contention and the test can demand all of it.
        var small = ClusterGenerator.Generate(1000, 4000, seed: 7);
        var generated = new ClusterModel([.. small.Hosts.Select(h => h with { VCpus = h.VCpus * 4 })], small.Instances, small.StoragePools, small.Volumes, small.Flavors);
        var random = new Random(3);
        var planted = generated.Hosts.Where((_, k) => k % 4 == 0).Select(h => h.Uuid).ToHashSet(StringComparer.Ordinal);
        var series = generated.Instances.ToDictionary(
            i => i.Name,
            i => planted.Contains(i.HostUuid) ? Burst(random.Next(10, 30), 100, MondayEight, MondayEleven) : Flat(random.Next(10, 30)));
        Assert.Equal(generated.Instances.Count, series.Count);
        var (cluster, history) = With(generated, series);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = RunWith(Strategy, cluster, history);
        var elapsed = watch.Elapsed;
        var again = RunWith(Strategy, After(cluster, result.Actions), history);

        Assert.True(Indicator(result, "contended_hosts_count") > 0);
        Assert.NotEmpty(result.Actions);
        Assert.Equal(result.Actions.Count, result.Actions.Select(a => a.ResourceId).Distinct().Count());
        Assert.True(Indicator(result, "projected_peak_after") <= 80 + 1e-6 || result.Warnings.Any(w => w.Contains("stays above", StringComparison.Ordinal)));
        Assert.Equal(Indicator(result, "contention_hours_before"), Indicator(result, "contention_hours_removed"));
        Assert.All(result.ProjectedProfiles, p => Assert.All(p.After, v => Assert.True(v <= 80 + 1e-6, $"{p.Hostname} {v}")));
        Assert.Empty(again.Actions);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
    }

    [Fact]
    public void History_DefaultParameters_AsksForFourWeeksOfHourlyCpu()
    {
        IStrategy strategy = Strategy;

        var requirement = strategy.History(strategy.Parameters.Resolve(null, strategy.Name));

        Assert.NotNull(requirement);
        Assert.Equal(["instance_cpu_usage"], requirement.Metrics);
        Assert.Equal(TimeSpan.FromDays(28), requirement.Period);
        Assert.Equal(TimeSpan.FromHours(1), requirement.Step);
    }

    [Theory]
    [InlineData("""{"threshold": 0}""", "threshold")]
    [InlineData("""{"threshold": 120}""", "threshold")]
    [InlineData("""{"period": 3600}""", "period")]
    [InlineData("""{"metrics": "host_cpu_usage"}""", "metrics")]
    public void Resolve_BadParameter_ThrowsValidationNamingIt(string json, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(JsonNode.Parse(json)!.AsObject(), Strategy.Name));

        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }
}
