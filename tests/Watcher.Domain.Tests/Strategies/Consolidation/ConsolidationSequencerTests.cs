using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Consolidation;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary>
/// The consolidation kernel's sequencer (shared by every consolidation strategy and CP-SAT) and its first-fit-decreasing
/// drain, on the cases where the two former kernels behaved differently: cycles are parked (not dropped), and the
/// drain fills the largest hosts first.
/// </summary>
public sealed class ConsolidationSequencerTests
{
    private static ConsolidationMove Move(ClusterModel cluster, string instance, string from, string to) =>
        new(cluster.FindInstance("uuid-" + instance)!, cluster.FindNode("uuid-" + from)!, cluster.FindNode("uuid-" + to)!);

    private static string[] Describe(SequencedMoves sequenced) =>
        [.. sequenced.Moves.Select(m => $"{m.Instance.Name} {m.Source.Hostname}->{m.Destination.Hostname}")];

    [Fact]
    public void Order_SwapOnFullHosts_ParksOneInstanceOnAThirdActiveHost()
    {
        // X and Y are full; the target swaps x and y. Z stays active (its VM is excluded) with room for one: x detours via Z.
        var cluster = new ClusterModel(
            [Node("X", vcpus: 4), Node("Y", vcpus: 4), Node("Z", vcpus: 8)],
            [Vm("x", "X", vcpus: 4), Vm("y", "Y", vcpus: 4), Vm("z", "Z", vcpus: 4) with { WatcherExclude = true }]);

        var sequenced = MigrationSequencer.Order(cluster, [Move(cluster, "x", "X", "Y"), Move(cluster, "y", "Y", "X")], _ => true);

        Assert.Equal(["x X->Z", "y Y->X", "x Z->Y"], Describe(sequenced));
        Assert.Equal(["x"], sequenced.Parked.Select(i => i.Name));
        Assert.Empty(sequenced.Dropped);
        Assert.Empty(sequenced.Final.OverloadedNodes());
        Assert.Contains(sequenced.Warnings(), w => w.Contains("parked", StringComparison.Ordinal));
    }

    [Fact]
    public void Order_SwapWithNowhereToPark_DropsTheBlockedMovesAndWarns()
    {
        var cluster = new ClusterModel([Node("X", vcpus: 4), Node("Y", vcpus: 4)], [Vm("x", "X", vcpus: 4), Vm("y", "Y", vcpus: 4)]);

        var sequenced = MigrationSequencer.Order(cluster, [Move(cluster, "x", "X", "Y"), Move(cluster, "y", "Y", "X")], _ => true);

        Assert.Empty(sequenced.Moves);
        Assert.Equal(["x", "y"], sequenced.Dropped.Select(m => m.Instance.Name).Order());
        Assert.Equal(2, sequenced.Warnings().Count);
    }

    [Fact]
    public void Order_ThirdHostTheCycleWouldUseIsReleasedOrNotAllowed_IsNeverAParkingSpot()
    {
        // Z has room but the plan empties it (z moves to W): parking there would move onto a host being released.
        // W ends active but canPark refuses it (say, out of scope). So the swap is dropped; z's own move still goes.
        var cluster = new ClusterModel(
            [Node("X", vcpus: 4), Node("Y", vcpus: 4), Node("Z", vcpus: 16), Node("W", vcpus: 16)],
            [Vm("x", "X", vcpus: 4), Vm("y", "Y", vcpus: 4), Vm("z", "Z", vcpus: 2), Vm("w", "W", vcpus: 2)]);
        var moves = new[] { Move(cluster, "x", "X", "Y"), Move(cluster, "y", "Y", "X"), Move(cluster, "z", "Z", "W") };

        var sequenced = MigrationSequencer.Order(cluster, moves, node => node.Hostname != "W");

        Assert.Equal(["z Z->W"], Describe(sequenced));
        Assert.Equal(["x", "y"], sequenced.Dropped.Select(m => m.Instance.Name).Order());
    }

    [Fact]
    public void Order_ChainOfDependentMoves_FreesCapacityBeforeFillingIt()
    {
        // a: A->B needs b gone from B; b: B->C needs c gone from C; c: C->D has room now. Order: c, b, a.
        var cluster = new ClusterModel(
            [Node("A", vcpus: 4), Node("B", vcpus: 4), Node("C", vcpus: 4), Node("D", vcpus: 4)],
            [Vm("a", "A", vcpus: 4), Vm("b", "B", vcpus: 4), Vm("c", "C", vcpus: 4)]);

        var sequenced = MigrationSequencer.Order(
            cluster, [Move(cluster, "a", "A", "B"), Move(cluster, "b", "B", "C"), Move(cluster, "c", "C", "D")], _ => true);

        Assert.Equal(["c C->D", "b B->C", "a A->B"], Describe(sequenced));
        Assert.Empty(sequenced.Parked);
    }

    [Fact]
    public void Sequence_LedgerSwapWithScope_ParksOnlyInsideTheScope()
    {
        // The ledger's net moves swap x and y on full hosts; P (out of scope) and Q (in scope) both have room.
        var cluster = new ClusterModel(
            [Node("X", vcpus: 4), Node("Y", vcpus: 4), Node("P", vcpus: 64), Node("Q", vcpus: 8)],
            [Vm("x", "X", vcpus: 4), Vm("y", "Y", vcpus: 4), Vm("p", "P", vcpus: 1), Vm("q", "Q", vcpus: 1)]);
        var ledger = new ConsolidationLedger(cluster);
        int x = ledger.HostIndex("uuid-X"), y = ledger.HostIndex("uuid-Y"), q = ledger.HostIndex("uuid-Q");
        ledger.Move(0, q);
        ledger.Move(1, x);
        ledger.Move(0, y);
        ledger.Commit();
        var scope = new ScopeFilter(cluster, new AuditScope { ExcludeHosts = ["P"] });

        var sequenced = MigrationSequencer.Sequence(ledger, scope);

        Assert.Equal(["x X->Q", "y Y->X", "x Q->Y"], Describe(sequenced));
    }

    [Fact]
    public void Consolidate_MixedHostSizes_DrainsTheSmallHostsIntoTheLargeOne()
    {
        // Big (32 vCPU) is the least loaded by share, small S1 and S2 (8 vCPU) are half full. Draining least-loaded
        // first would empty Big into S1 and S2 (one host released, two moves); filling the largest host first
        // releases both small ones.
        var cluster = new ClusterModel(
            [Node("Big", vcpus: 32, memoryMb: 131072, diskGb: 2000), Node("S1", vcpus: 8), Node("S2", vcpus: 8)],
            [Vm("b1", "Big", vcpus: 4), Vm("b2", "Big", vcpus: 4), Vm("s1", "S1", vcpus: 4), Vm("s2", "S2", vcpus: 4)]);

        var result = FirstFitDecreasing.Consolidate(cluster);

        Assert.Equal(["S1", "S2"], result.ReleasedHosts.Select(h => h.Hostname).Order());
        Assert.Equal(["s1 S1->Big", "s2 S2->Big"], result.Migrations.Select(m => $"{m.Instance.Name} {m.Source.Hostname}->{m.Destination.Hostname}").Order());
    }

    [Fact]
    public void Consolidate_HostWithAnImmovableInstance_IsFilledFirstAndNeverDrained()
    {
        // P's VM is in error (cannot migrate): P stays active whatever happens, so A's VM joins it rather than B's.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("P", vcpus: 8)],
            [Vm("a", "A", vcpus: 2), Vm("b1", "B", vcpus: 6), Vm("b2", "B", vcpus: 6), Vm("p", "P", vcpus: 2, state: InstanceState.Error)]);

        var result = FirstFitDecreasing.Consolidate(cluster);

        Assert.Equal(["a A->P"], result.Migrations.Select(m => $"{m.Instance.Name} {m.Source.Hostname}->{m.Destination.Hostname}"));
    }
}
