using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Domain.Tests.Strategies.Consolidation.ConsolidationTestKit;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary>The node_resource_consolidation planner: disables first, one migration chain per source node, enables last.</summary>
public sealed class ConsolidationPlannerTests
{
    private static readonly NodeResourceConsolidationPlanner Planner = new();

    [Fact]
    public void Plan_DisablesMigrationsEnables_ChainsPerSourceAfterEveryDisable()
    {
        ComputeNode a = Node("A"), b = Node("B"), c = Node("C"), d = Node("D");
        ProposedAction[] actions =
        [
            ActionFactory.ChangeServiceState(d, ServiceStatus.Disabled, "fence"),
            ActionFactory.ChangeServiceState(a, ServiceStatus.Disabled, "fence"),
            ActionFactory.Migrate(Vm("a1", "A"), a, c, "live"),
            ActionFactory.Migrate(Vm("b1", "B"), b, c, "live"),
            ActionFactory.Migrate(Vm("a2", "A"), a, c, "live"),
            ActionFactory.ChangeServiceState(d, ServiceStatus.Enabled),
            ActionFactory.ChangeServiceState(a, ServiceStatus.Enabled),
        ];

        var plan = Planner.Plan(actions);

        Assert.Equal(
            ["service D disabled fence", "service A disabled fence", "migrate live a1 A->C", "migrate live a2 A->C", "migrate live b1 B->C", "service D enabled", "service A enabled"],
            plan.Select(p => Describe(p.Action)).ToArray());
        Assert.Equal([[], [], [0, 1], [0, 1, 2], [0, 1], [3, 4], [3, 4]], plan.Select(p => p.Parents.ToArray()).ToArray());
        Assert.All(plan, p => Assert.Contains(p.Action, actions));
    }

    [Fact]
    public void Plan_MigrationsOnly_ChainsPerSourceInParallel()
    {
        ComputeNode a = Node("A"), b = Node("B"), c = Node("C");
        ProposedAction[] actions = [ActionFactory.Migrate(Vm("a1", "A"), a, c, "live"), ActionFactory.Migrate(Vm("b1", "B"), b, c, "live"), ActionFactory.Migrate(Vm("a2", "A"), a, c, "cold")];

        var plan = Planner.Plan(actions);

        Assert.Equal([[], [0], []], plan.Select(p => p.Parents.ToArray()).ToArray());
        Assert.Equal(["migrate live a1 A->C", "migrate cold a2 A->C", "migrate live b1 B->C"], plan.Select(p => Describe(p.Action)).ToArray());
    }

    [Fact]
    public void Plan_Empty_IsEmpty()
    {
        Assert.Empty(Planner.Plan([]));
    }

    [Fact]
    public void Plan_UnsupportedActionType_IsRejectedAsInWatcher()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Planner.Plan([ActionFactory.Nop("hi")]));

        Assert.Contains("nop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_DiscoversThePlannerByName()
    {
        Assert.Contains("node_resource_consolidation", PlannerRegistry.Default.Names);
        Assert.IsType<NodeResourceConsolidationPlanner>(PlannerRegistry.Default.Get("node_resource_consolidation"));
    }

    [Fact]
    public void Plan_ThousandsOfNodes_UsesNopBarriersAndStaysLinear()
    {
        var nodes = Enumerable.Range(0, 200).Select(i => Node($"n{i}")).ToList();
        var spare = Node("spare");
        var actions = new List<ProposedAction>();
        actions.AddRange(nodes.Select(n => ActionFactory.ChangeServiceState(n, ServiceStatus.Disabled, "x")));
        actions.AddRange(nodes.SelectMany(n => Enumerable.Range(0, 3).Select(k => ActionFactory.Migrate(Vm($"{n.Hostname}-{k}", n.Hostname), n, spare, "live"))));
        actions.AddRange(nodes.Select(n => ActionFactory.ChangeServiceState(n, ServiceStatus.Enabled)));

        var plan = Planner.Plan(actions);

        Assert.Equal(actions.Count + 2, plan.Count);
        Assert.Equal(2, plan.Count(p => p.Action.ActionType == ActionTypes.Nop));
        Assert.True(plan.Sum(p => p.Parents.Count) < 4 * plan.Count, "edges must grow linearly");
        Assert.All(plan.Select((p, i) => (p, i)), x => Assert.All(x.p.Parents, parent => Assert.True(parent < x.i)));
        Assert.Equal(1 + 1 + 3 + 1 + 1, PlanMetrics.CriticalPathLength(plan)); // disable, barrier, 3 chained moves, barrier, enable
    }
}
