using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Planning;

/// <summary>The conflict planner orders only conflicting actions, caps per-host concurrency and waits for freed capacity.</summary>
public sealed class ConflictPlannerTests
{
    private static int[][] Graph(IReadOnlyList<PlannedAction> plan) => plan.Select(p => p.Parents.ToArray()).ToArray();

    private static ProposedAction Move(string vm, string from, string to, ClusterModel? cluster = null) =>
        ActionFactory.Migrate(cluster?.FindInstance("uuid-" + vm) ?? Vm(vm, from), Node(from), Node(to), "live");

    [Fact]
    public void Plan_HostMaintenanceActions_ServiceChangesInParallelThenTwoLanesOffTheNode()
    {
        var a = Node("A");
        var b = Node("B");
        var proposed = new List<ProposedAction>
        {
            ActionFactory.ChangeServiceState(b, ServiceStatus.Enabled),
            ActionFactory.ChangeServiceState(a, ServiceStatus.Disabled, ActionFactory.MaintenanceReason),
            Move("1", "A", "B"),
            Move("2", "A", "B"),
            Move("3", "A", "B"),
        };

        var plan = new ConflictPlanner().Plan(proposed);

        Assert.Equal(proposed, plan.Select(p => p.Action));
        Assert.Equal([[], [], [0, 1], [0, 1], [2]], Graph(plan));
        Assert.Equal(3, PlanMetrics.CriticalPathLength(plan));
        Assert.Equal(4, PlanMetrics.CriticalPathLength(new WeightPlanner().Plan(proposed)));
    }

    [Fact]
    public void Plan_MigrationsBetweenDistinctHosts_AreAllIndependent()
    {
        var proposed = Enumerable.Range(0, 10).Select(k => Move($"vm{k}", $"S{k}", $"D{k}")).ToList();

        var plan = new ConflictPlanner().Plan(proposed);

        Assert.All(plan, p => Assert.Empty(p.Parents));
        Assert.Equal(1, PlanMetrics.CriticalPathLength(plan));
        Assert.Equal(10, PlanMetrics.MaxParallelism(plan));
    }

    [Theory]
    [InlineData(2, new[] { -1, -1, 0, 1, 2 })]
    [InlineData(3, new[] { -1, -1, -1, 0, 1 })]
    [InlineData(1, new[] { -1, 0, 1, 2, 3 })]
    public void Plan_ManyMigrationsOffOneHost_ChainedIntoMaxPerHostLanes(int maxPerHost, int[] parent)
    {
        var proposed = Enumerable.Range(0, 5).Select(k => Move($"vm{k}", "A", $"D{k}")).ToList();

        var plan = new ConflictPlanner(null, maxPerHost).Plan(proposed);

        Assert.Equal(parent.Select(p => p < 0 ? Array.Empty<int>() : [p]).ToArray(), Graph(plan));
        Assert.Equal(maxPerHost, PlanGraphChecks.MaxConcurrentMigrationsPerHost(plan));
    }

    [Fact]
    public void Plan_MoveIntoFullHost_WaitsForTheMoveThatFreesIt()
    {
        var cluster = new ClusterModel(
            [Node("X", vcpus: 8), Node("Y"), Node("Z")],
            [Vm("a", "X", vcpus: 8), Vm("b", "Z", vcpus: 4)]);
        var proposed = new List<ProposedAction> { Move("a", "X", "Y", cluster), Move("b", "Z", "X", cluster) };

        Assert.Equal([[], [0]], Graph(new ConflictPlanner(cluster).Plan(proposed)));
    }

    [Fact]
    public void Plan_MoveIntoHostWithRoom_DoesNotWaitForMovesOffIt()
    {
        var cluster = new ClusterModel(
            [Node("X", vcpus: 16), Node("Y"), Node("Z")],
            [Vm("a", "X", vcpus: 8), Vm("b", "Z", vcpus: 4)]);
        var proposed = new List<ProposedAction> { Move("a", "X", "Y", cluster), Move("b", "Z", "X", cluster) };

        Assert.Equal([[], []], Graph(new ConflictPlanner(cluster).Plan(proposed)));

        // Without the cluster the sizes are unknown: conservatively wait for every earlier move off X.
        Assert.Equal([[], [0]], Graph(new ConflictPlanner().Plan(proposed)));
    }

    [Fact]
    public void Plan_MoveNeedingOneOfTwoFreedSlots_WaitsOnlyForTheFirstInStrategyOrder()
    {
        var cluster = new ClusterModel(
            [Node("X", vcpus: 8), Node("Y"), Node("Z"), Node("W")],
            [Vm("a1", "X", vcpus: 4), Vm("a2", "X", vcpus: 4), Vm("b", "W", vcpus: 4)]);
        var proposed = new List<ProposedAction> { Move("a1", "X", "Y", cluster), Move("a2", "X", "Z", cluster), Move("b", "W", "X", cluster) };

        var plan = new ConflictPlanner(cluster).Plan(proposed);

        Assert.Equal([[], [], [0]], Graph(plan));
        Assert.Empty(PlanGraphChecks.ScheduleProblems(cluster, plan, 2, runs: 200, seed: 1));
    }

    [Fact]
    public void Plan_SwapThroughAThirdHost_IsCapacitySafeInEveryInterleaving()
    {
        // X and Y are full; a goes X->Z, b goes Y->X (needs a gone), a goes Z->Y (needs b gone).
        var cluster = new ClusterModel(
            [Node("X", vcpus: 4), Node("Y", vcpus: 4), Node("Z", vcpus: 4)],
            [Vm("a", "X", vcpus: 4), Vm("b", "Y", vcpus: 4)]);
        var proposed = new List<ProposedAction> { Move("a", "X", "Z", cluster), Move("b", "Y", "X", cluster), ActionFactory.Migrate(cluster.FindInstance("uuid-a")!, Node("Z"), Node("Y"), "live") };

        var plan = new ConflictPlanner(cluster).Plan(proposed);

        Assert.Equal([[], [0], [1]], Graph(plan));
        Assert.Empty(PlanVerifier.Verify(cluster, proposed));
        Assert.Empty(PlanGraphChecks.ScheduleProblems(cluster, plan, 2, runs: 100, seed: 2));
    }

    [Fact]
    public void Plan_ServiceChangeAfterMigrationsIntoHost_WaitsForThemAndPrecedesLaterMovesOff()
    {
        var proposed = new List<ProposedAction>
        {
            Move("1", "A", "X"),
            Move("2", "B", "X"),
            Move("3", "C", "X"),
            ActionFactory.ChangeServiceState(Node("X"), ServiceStatus.Disabled, ActionFactory.MaintenanceReason),
            Move("4", "X", "D"),
            Move("5", "E", "F"),
        };

        var plan = new ConflictPlanner().Plan(proposed);

        Assert.Equal([[], [], [0], [1, 2], [3], []], Graph(plan));
        Assert.Empty(PlanGraphChecks.UnorderedConflicts(plan));
    }

    [Fact]
    public void Plan_PowerActionNamedByUuid_ConflictsWithMigrationsNamingTheHostname()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("1", "A")]);
        var power = new ProposedAction(ActionTypes.ChangeNodePowerState, new JsonObject { ["resource_id"] = "uuid-B", ["state"] = "on" });
        var proposed = new List<ProposedAction> { power, Move("1", "A", "B", cluster) };

        Assert.Equal([[], [0]], Graph(new ConflictPlanner(cluster).Plan(proposed)));
    }

    [Fact]
    public void Plan_StopsAndMigrationsOfOneInstance_FollowStrategyOrderOthersIndependent()
    {
        var proposed = new List<ProposedAction>
        {
            Move("i", "A", "B"),
            ActionFactory.Stop(Vm("i", "B")),
            Move("j", "C", "D"),
            ActionFactory.Stop(Vm("k", "C")),
        };

        Assert.Equal([[], [0], [], []], Graph(new ConflictPlanner().Plan(proposed)));
    }

    [Fact]
    public void Plan_NopAndSleep_AreBarriers()
    {
        Assert.Equal([[], [0], [1]], Graph(new ConflictPlanner().Plan([ActionFactory.Nop("a"), ActionFactory.Nop("b"), ActionFactory.Sleep(1)])));

        var proposed = new List<ProposedAction> { Move("1", "A", "B"), Move("2", "C", "D"), ActionFactory.Nop("x"), Move("3", "E", "F"), Move("1", "B", "A") };
        Assert.Equal([[], [], [0, 1], [2], [2]], Graph(new ConflictPlanner().Plan(proposed)));
    }

    [Fact]
    public void Plan_MigrateWithoutDestination_IsABarrier()
    {
        var open = new ProposedAction(ActionTypes.Migrate, new JsonObject { ["resource_id"] = "uuid-2", ["migration_type"] = "live", ["source_node"] = "C" });
        var plan = new ConflictPlanner().Plan([Move("1", "A", "B"), open, Move("3", "E", "F")]);

        Assert.Equal([[], [0], [1]], Graph(plan));
    }

    [Fact]
    public void Plan_40000MigrationsOn10000Hosts_IsADagCoveringEveryAction()
    {
        var cluster = Simulator.ClusterGenerator.Generate(10_000, 40_000, seed: 7);
        var random = new Random(7);
        var placement = new Placement(cluster);
        var proposed = new List<ProposedAction>();
        foreach (var instance in cluster.Instances)
        {
            var destination = cluster.Hosts[random.Next(cluster.Hosts.Count)];
            var source = cluster.FindNode(placement.HostOf(instance))!;
            if (destination.Uuid != source.Uuid && placement.Fits(instance, destination))
            {
                placement.Move(instance, destination);
                proposed.Add(ActionFactory.Migrate(instance, source, destination, "live"));
            }
        }

        var plan = new ConflictPlanner(cluster).Plan(proposed);

        Assert.True(proposed.Count > 30_000);
        Assert.Empty(PlanGraphChecks.DagProblems(proposed, plan));
        Assert.True(PlanMetrics.CriticalPathLength(plan) < PlanMetrics.CriticalPathLength(new WeightPlanner().Plan(proposed)) / 100);
    }

    [Fact]
    public void Constructor_MaxPerHostBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConflictPlanner(null, 0));
    }
}
