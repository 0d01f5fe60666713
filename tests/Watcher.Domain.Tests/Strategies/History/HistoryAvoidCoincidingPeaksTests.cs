using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Testing;
using static Watcher.Domain.Tests.Strategies.History.WeeklyHistory;

namespace Watcher.Domain.Tests.Strategies.History;

/// <summary>
/// avoid_coinciding_peaks on the consolidation strategies: two co-peaking groups, P (Monday 08–11 UTC) and Q (Wednesday
/// 20–23 UTC, hours of week 68–70), over four hosts. Packed freely everything fits on one host; kept apart, a host may
/// hold one P and one Q.
/// </summary>
public sealed class HistoryAvoidCoincidingPeaksTests
{
    public static TheoryData<string> Consolidations() => ["vm_workload_consolidation", "basic", "node_resource_consolidation"];

    private static (ClusterModel Cluster, MetricsHistory History) TwoGroups()
    {
        var cluster = new ClusterModel(
            [TestClusters.Node("A"), TestClusters.Node("B"), TestClusters.Node("C"), TestClusters.Node("D")],
            [
                TestClusters.Vm("p1", "A"), TestClusters.Vm("q1", "A"),
                TestClusters.Vm("p2", "B"), TestClusters.Vm("q2", "B"),
                TestClusters.Vm("p3", "C"),
                TestClusters.Vm("q3", "D"),
            ]);
        var p = Burst(5, 90, 8, 11);
        var q = Burst(5, 90, 68, 71);
        return With(cluster, new Dictionary<string, RegularSeries> { ["p1"] = p, ["p2"] = p, ["p3"] = p, ["q1"] = q, ["q2"] = q, ["q3"] = q });
    }

    private static StrategyResult RunWith(IStrategy strategy, ClusterModel cluster, IMetricsHistory history, JsonObject? parameters = null)
    {
        var result = strategy.Execute(new StrategyContext(cluster, strategy.Parameters.Resolve(parameters, strategy.Name), history: history));
        Assert.Empty(PlanVerifier.Verify(cluster, result.Actions));
        return result;
    }

    /// <summary>The largest number of instances of one group (first letter of the name) on one host after the plan.</summary>
    private static int MostOfOneGroupOnAHost(ClusterModel after) =>
        after.Instances.GroupBy(i => (i.HostUuid, i.Name[0])).Max(g => g.Count());

    [Theory]
    [MemberData(nameof(Consolidations))]
    public void Execute_AvoidCoincidingPeaks_ChangesThePackingAndKeepsGroupsApart(string name)
    {
        var strategy = StrategyRegistry.Default.Find(name)!;
        var (cluster, history) = TwoGroups();

        var packed = RunWith(strategy, cluster, history);
        var apart = RunWith(strategy, cluster, history, new JsonObject { ["avoid_coinciding_peaks"] = true });

        // Freely, some host ends up with two or more instances of one group; kept apart, never.
        Assert.True(MostOfOneGroupOnAHost(After(cluster, packed.Actions)) >= 2, string.Join(", ", packed.Actions.Select(a => a.ResourceId)));
        Assert.Equal(1, MostOfOneGroupOnAHost(After(cluster, apart.Actions)));
        Assert.NotEqual(packed.Actions.Select(a => a.InputParameters.ToJsonString()), apart.Actions.Select(a => a.InputParameters.ToJsonString()));

        // Kept apart it still consolidates: C's and D's single instances share a host, releasing one.
        Assert.Equal(1, apart.Actions.Count(a => a.ActionType == ActionTypes.Migrate));
        Assert.Empty(apart.Warnings);
    }

    [Theory]
    [MemberData(nameof(Consolidations))]
    public void Execute_AvoidCoincidingPeaksWithoutHistory_WarnsNamingTheMetric(string name)
    {
        var strategy = StrategyRegistry.Default.Find(name)!;
        var (cluster, _) = TwoGroups();

        var result = RunWith(strategy, cluster, MetricsHistory.Empty, new JsonObject { ["avoid_coinciding_peaks"] = true });

        Assert.Contains(result.Warnings, w => w.Contains("no instance_cpu_usage history for any of the 6 instance(s)", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Consolidations))]
    public void History_OnlyWhenAvoidingCoincidingPeaks(string name)
    {
        var strategy = StrategyRegistry.Default.Find(name)!;

        var off = strategy.History(strategy.Parameters.Resolve(null, name));
        var on = strategy.History(strategy.Parameters.Resolve(new JsonObject { ["avoid_coinciding_peaks"] = true }, name));

        Assert.Null(off);
        Assert.NotNull(on);
        Assert.Equal(["instance_cpu_usage"], on.Metrics);
        Assert.Equal(TimeSpan.FromDays(28), on.Period);
    }

    [Fact]
    public void PeakCoincidence_SameBurstDifferentBurstAndFlat_ScoresOneZeroZero()
    {
        var monday = WeeklyProfiles.HourOfWeekMean(Burst(5, 90, 8, 11));
        var wednesday = WeeklyProfiles.HourOfWeekMean(Burst(5, 90, 68, 71));
        var flat = WeeklyProfiles.HourOfWeekMean(Flat(40));

        Assert.Equal(1, WeeklyProfiles.PeakCoincidence(monday, monday), 9);
        Assert.Equal(0, WeeklyProfiles.PeakCoincidence(monday, wednesday), 9);
        Assert.Equal(0, WeeklyProfiles.PeakCoincidence(monday, flat), 9);
    }

    [Fact]
    public void HourOfWeekMean_HalfHourlySeriesStartingSunday_IndexesFromMondayMidnightUtc()
    {
        // Sunday 23:00 UTC then Monday 00:00 and 00:30: hour 167 gets 10, hour 0 the mean of 20 and 40; a NaN is ignored; a gap is filled with the mean of the known hours.
        var series = new RegularSeries(Start.AddHours(-1), TimeSpan.FromMinutes(30), [10, double.NaN, 20, 40]);

        var profile = WeeklyProfiles.HourOfWeekMean(series);

        Assert.Equal(10, profile[167]);
        Assert.Equal(30, profile[0]);
        Assert.True(double.IsNaN(profile[1]));
        Assert.Equal(20, WeeklyProfiles.FillGaps(profile)[1], 9);
    }
}
