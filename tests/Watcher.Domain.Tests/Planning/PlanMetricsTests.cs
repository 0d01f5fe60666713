using Watcher.Domain.Actions;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Tests.Planning;

/// <summary>Critical path and peak parallelism of planned graphs.</summary>
public sealed class PlanMetricsTests
{
    private static PlannedAction At(ProposedAction action, params int[] parents) => new(action, parents);

    [Fact]
    public void CriticalPathLength_Chain_IsItsLength()
    {
        var plan = new[] { At(ActionFactory.Nop("a")), At(ActionFactory.Nop("b"), 0), At(ActionFactory.Sleep(5), 1) };

        Assert.Equal(3, PlanMetrics.CriticalPathLength(plan));
        Assert.Equal(1, PlanMetrics.MaxParallelism(plan));
    }

    [Fact]
    public void CriticalPathLength_Diamond_WithDurations_TakesTheLongestBranch()
    {
        var plan = new[] { At(ActionFactory.Nop("root")), At(ActionFactory.Sleep(10), 0), At(ActionFactory.Sleep(3), 0), At(ActionFactory.Nop("join"), 1, 2) };
        double Duration(ProposedAction a) => a.ActionType == ActionTypes.Sleep ? a.InputParameters["duration"]!.GetValue<double>() : 1;

        Assert.Equal(12, PlanMetrics.CriticalPathLength(plan, Duration));
        Assert.Equal(2, PlanMetrics.MaxParallelism(plan, Duration));
    }

    [Fact]
    public void MaxParallelism_IndependentActions_IsTheirCount()
    {
        var plan = Enumerable.Range(0, 7).Select(i => At(ActionFactory.Nop($"{i}"))).ToArray();

        Assert.Equal(7, PlanMetrics.MaxParallelism(plan));
        Assert.Equal(1, PlanMetrics.CriticalPathLength(plan));
    }

    [Fact]
    public void CriticalPathLength_EmptyPlan_IsZero()
    {
        Assert.Equal(0, PlanMetrics.CriticalPathLength([]));
        Assert.Equal(0, PlanMetrics.MaxParallelism([]));
    }

    [Fact]
    public void CriticalPathLength_Cycle_Throws()
    {
        var plan = new[] { At(ActionFactory.Nop("a"), 1), At(ActionFactory.Nop("b"), 0) };

        Assert.Throws<ArgumentException>(() => PlanMetrics.CriticalPathLength(plan));
    }
}
