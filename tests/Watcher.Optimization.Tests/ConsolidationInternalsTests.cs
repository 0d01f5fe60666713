using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Optimization.Consolidation;
using static Watcher.Optimization.Tests.Clusters;

namespace Watcher.Optimization.Tests;

/// <summary>The lower bound and the migration sequencer on hand-checked cases.</summary>
public sealed class ConsolidationInternalsTests
{
    private static ConsolidationProblem Problem(ClusterModel cluster, AuditScope? scope = null) =>
        ConsolidationProblem.Build(new StrategyContext(cluster, new JsonObject(), scope));

    [Fact]
    public void ActiveHosts_DemandOverLargestCapacities_IsPinnedPlusCoveringCount()
    {
        // 19 vCPU movable over 10-vCPU hosts needs 2; an excluded VM pins D (whose spare 6 vCPU counts first).
        var cluster = new ClusterModel(
            [Node("A", 10), Node("B", 10), Node("C", 10), Node("D", 10)],
            [Vm("a", "A", 7), Vm("b", "B", 6), Vm("c", "C", 6), Vm("d", "D", 4) with { WatcherExclude = true }]);

        Assert.Equal(1 + 2, LowerBound.ActiveHosts(Problem(cluster)));
    }

    [Fact]
    public void ActiveHosts_RamBinds_UsesTheTightestResource()
    {
        var cluster = new ClusterModel(
            [Node("A", 64, memoryMb: 8192), Node("B", 64, memoryMb: 8192), Node("C", 64, memoryMb: 8192)],
            [Vm("a", "A", 1, memoryMb: 6000), Vm("b", "B", 1, memoryMb: 6000), Vm("c", "C", 1, memoryMb: 6000)]);

        Assert.Equal(3, LowerBound.ActiveHosts(Problem(cluster)));
    }

    [Fact]
    public void Order_SwapOnFullHosts_ParksOneInstanceOnAThirdActiveHost()
    {
        // X and Y are full; the target swaps x and y. Z stays active (pinned) with room for one, so x detours via Z.
        var cluster = new ClusterModel(
            [Node("X", 4), Node("Y", 4), Node("Z", 8)],
            [Vm("x", "X", 4), Vm("y", "Y", 4), Vm("z", "Z", 4) with { WatcherExclude = true }]);
        var problem = Problem(cluster);

        var sequence = MigrationSequencer.Order(problem, [1, 0]);

        Assert.Equal(
            [new PlannedMove(0, 0, 2), new PlannedMove(1, 1, 0), new PlannedMove(0, 2, 1)],
            sequence.Moves.ToArray());
        Assert.Equal([0], sequence.Bounces.ToArray());
        Assert.Empty(sequence.Skipped);
    }

    [Fact]
    public void Order_SwapWithNowhereToPark_SkipsTheBlockedMoves()
    {
        var cluster = new ClusterModel([Node("X", 4), Node("Y", 4)], [Vm("x", "X", 4), Vm("y", "Y", 4)]);

        var sequence = MigrationSequencer.Order(Problem(cluster), [1, 0]);

        Assert.Empty(sequence.Moves);
        Assert.Equal([0, 1], sequence.Skipped.Order().ToArray());
    }

    [Fact]
    public void Order_ChainOfDependentMoves_RunsInRoundsThatFreeCapacityFirst()
    {
        // a: A->B needs b gone from B; b: B->C needs c gone from C; c: C->D has room now. Order: c, b, a.
        var cluster = new ClusterModel(
            [Node("A", 4), Node("B", 4), Node("C", 4), Node("D", 4)],
            [Vm("a", "A", 4), Vm("b", "B", 4), Vm("c", "C", 4)]);

        var sequence = MigrationSequencer.Order(Problem(cluster), [1, 2, 3]);

        Assert.Equal([2, 1, 0], sequence.Moves.Select(m => m.Instance).ToArray());
        Assert.Empty(sequence.Bounces);
    }

    [Fact]
    public void Build_ScopeAndStates_DecideWhatMovesAndWhatReceives()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", status: ServiceStatus.Disabled), Node("C", state: NodeState.Down), Node("D")],
            [Vm("a", "A", 2), Vm("paused", "A", 2, state: InstanceState.Paused), Vm("b", "B", 2), Vm("c", "C", 2), Vm("d", "D", 2)]);

        var problem = Problem(cluster, new AuditScope { ExcludeHosts = ["D"] });

        Assert.Equal(["A", "B", "C"], problem.Hosts.Select(h => h.Hostname).ToArray());
        Assert.Equal(["a", "b"], problem.Movable.Select(i => i.Name).ToArray());
        Assert.Equal([true, false, true], problem.Pinned);
        Assert.Equal([true, false, false], problem.CanReceive);
    }
}
