using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Optimization.Consolidation;
using static Watcher.Optimization.Tests.Clusters;

namespace Watcher.Optimization.Tests;

/// <summary>The lower bound and the problem built from the audit scope, on hand-checked cases (the sequencer is the domain kernel's, tested there).</summary>
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
    public void Build_ScopeAndStates_DecideWhatMovesAndWhatReceives()
    {
        var cluster = new ClusterModel(
            [Node("A"), Node("B", status: ServiceStatus.Disabled), Node("C", state: NodeState.Down), Node("D")],
            [Vm("a", "A", 2), Vm("paused", "A", 2, state: InstanceState.Paused), Vm("b", "B", 2), Vm("c", "C", 2), Vm("d", "D", 2)]);

        var problem = Problem(cluster, new AuditScope { ExcludeHosts = ["D"] });

        Assert.Equal(["A", "B", "C"], problem.Hosts.Select(h => h.Hostname).ToArray());
        // Paused instances live-migrate, as the domain kernel's InstanceMobility says.
        Assert.Equal(["a", "paused", "b"], problem.Movable.Select(i => i.Name).ToArray());
        Assert.Equal([false, false, true], problem.Pinned);
        Assert.Equal([true, false, false], problem.CanReceive);
    }
}
