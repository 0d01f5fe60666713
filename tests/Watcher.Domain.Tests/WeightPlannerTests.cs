using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests;

/// <summary>The weight planner builds Watcher's layered graph.</summary>
public sealed class WeightPlannerTests
{
    [Fact]
    public void Plan_HostMaintenanceActions_ServiceChangesFirstThenMigrationsInPairs()
    {
        var a = Node("A");
        var b = Node("B");
        var proposed = new List<ProposedAction>
        {
            ActionFactory.ChangeServiceState(a, ServiceStatus.Disabled, ActionFactory.MaintenanceReason),
            ActionFactory.Migrate(Vm("1", "A"), a, b, "live"),
            ActionFactory.Migrate(Vm("2", "A"), a, b, "live"),
            ActionFactory.Migrate(Vm("3", "A"), a, b, "live"),
            ActionFactory.ChangeServiceState(b, ServiceStatus.Enabled),
        };

        var plan = new WeightPlanner().Plan(proposed);

        Assert.Equal(
            [ActionTypes.ChangeNovaServiceState, ActionTypes.ChangeNovaServiceState, ActionTypes.Migrate, ActionTypes.Migrate, ActionTypes.Migrate],
            plan.Select(p => p.Action.ActionType).ToArray());
        Assert.Empty(plan[0].Parents);
        Assert.Equal([0], plan[1].Parents);
        Assert.Equal([1], plan[2].Parents);
        Assert.Equal([1], plan[3].Parents);
        Assert.Equal([2, 3], plan[4].Parents);
    }

    [Fact]
    public void Plan_Dummy_IsAChainNopNopSleep()
    {
        var plan = new WeightPlanner().Plan([ActionFactory.Nop("a"), ActionFactory.Nop("b"), ActionFactory.Sleep(1)]);

        Assert.Equal([ActionTypes.Nop, ActionTypes.Nop, ActionTypes.Sleep], plan.Select(p => p.Action.ActionType).ToArray());
        Assert.Equal([[], [0], [1]], plan.Select(p => p.Parents.ToArray()).ToArray());
    }

    [Fact]
    public void Plan_StopsRunBeforeMigrations()
    {
        var a = Node("A");
        var plan = new WeightPlanner().Plan([ActionFactory.Migrate(Vm("1", "A"), a, Node("B"), "live"), ActionFactory.Stop(Vm("2", "A"))]);

        Assert.Equal([ActionTypes.Stop, ActionTypes.Migrate], plan.Select(p => p.Action.ActionType).ToArray());
        Assert.Equal([0], plan[1].Parents);
    }
}
