using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies.Consolidation;
using Watcher.Simulator;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Consolidation;

/// <summary>The first-fit-decreasing baseline and the shared consolidation machinery (fit index, ledger, sequencer).</summary>
public sealed class ConsolidationFirstFitDecreasingTests
{
    [Fact]
    public void Consolidate_SmallCluster_DrainsLeastLoadedFirstIntoMostLoadedAllOrNothing()
    {
        // Loads (vCPU + RAM + disk shares): A .33, C .71, B .91; D is empty and never a destination.
        // A fits on B. C (8 vCPU) fits nowhere (B has 6 free). B's three instances do not all fit on C.
        var cluster = new ClusterModel(
            [Node("A"), Node("B"), Node("C"), Node("D")],
            [Vm("a1", "A"), Vm("b1", "B", vcpus: 4), Vm("b2", "B", vcpus: 4), Vm("c1", "C", vcpus: 8)]);

        var result = FirstFitDecreasing.Consolidate(cluster);

        Assert.Equal(["A"], result.ReleasedHosts.Select(h => h.Hostname));
        var move = Assert.Single(result.Migrations);
        Assert.Equal(("a1", "A", "B"), (move.Instance.Name, move.Source.Hostname, move.Destination.Hostname));
    }

    [Fact]
    public void Consolidate_CanMoveAndScope_AreHonoured()
    {
        var cluster = new ClusterModel([Node("A"), Node("B")], [Vm("a1", "A", state: InstanceState.Stopped), Vm("b1", "B", vcpus: 4)]);

        // A (lighter) drains onto B, unless a1 may not move: then B drains onto A instead.
        Assert.Equal(["A"], FirstFitDecreasing.Consolidate(cluster).ReleasedHosts.Select(h => h.Hostname));
        Assert.Equal(["B"], FirstFitDecreasing.Consolidate(cluster, canMove: InstanceMobility.IsActive).ReleasedHosts.Select(h => h.Hostname));
        Assert.Equal(["B"], FirstFitDecreasing.Consolidate(cluster, new AuditScope { ExcludeInstances = ["uuid-a1"] }).ReleasedHosts.Select(h => h.Hostname));
        Assert.Empty(FirstFitDecreasing.Consolidate(cluster, new AuditScope { ExcludeHosts = ["B"] }).Migrations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Consolidate_GeneratedCluster_EveryMigrationReleasesAHost(int seed)
    {
        var cluster = ClusterGenerator.Generate(200, 800, seed);

        var result = FirstFitDecreasing.Consolidate(cluster);

        var released = result.ReleasedHosts.Select(h => h.Uuid).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(released);
        Assert.All(result.Migrations, m => Assert.Contains(m.Source.Uuid, released));
        Assert.Equal(result.ReleasedHosts.Sum(h => cluster.InstancesOn(h.Uuid).Count), result.Migrations.Count);
        var placement = new Placement(cluster);
        foreach (var m in result.Migrations)
        {
            placement.Move(m.Instance, m.Destination);
        }

        Assert.Empty(placement.OverloadedNodes());
    }

    [Fact]
    public void FitIndex_RandomQueries_AgreeWithBruteForce()
    {
        var random = new Random(42);
        const int Count = 37;
        var free = new double[Count][];
        var open = new bool[Count];
        var index = new FitIndex(Count, 3);
        for (var i = 0; i < Count; i++)
        {
            free[i] = [random.Next(0, 10), random.Next(0, 10), random.Next(0, 10)];
            open[i] = random.NextDouble() < 0.8;
            if (open[i])
            {
                index.Set(i, free[i]);
            }
        }

        bool Fits(int slot, double[] demand) => open[slot] && demand.Select((d, k) => d <= free[slot][k]).All(x => x);
        for (var q = 0; q < 2000; q++)
        {
            if (q % 10 == 0)
            {
                var slot = random.Next(Count);
                free[slot] = [random.Next(0, 10), random.Next(0, 10), random.Next(0, 10)];
                open[slot] = random.NextDouble() < 0.8;
                if (open[slot])
                {
                    index.Set(slot, free[slot]);
                }
                else
                {
                    index.Clear(slot);
                }
            }

            double[] demand = [random.Next(0, 10), random.Next(0, 10), random.Next(0, 10)];
            var from = random.Next(Count);
            var to = random.Next(from, Count + 1);
            var range = Enumerable.Range(from, to - from).Where(s => Fits(s, demand)).ToList();
            Assert.Equal(range.Count == 0 ? -1 : range[0], index.FirstFit(demand, from, to, _ => true));
            Assert.Equal(range.Count == 0 ? -1 : range[^1], index.LastFit(demand, from, to, _ => true));
            var best = range.OrderBy(s => free[s][0]).ThenByDescending(s => s).DefaultIfEmpty(-1).First();
            Assert.Equal(best, index.BestFit(demand, from, to, _ => true, budget: int.MaxValue));
        }
    }

    [Fact]
    public void Sequencer_MoveIntoAFullHost_WaitsForTheMoveThatFreesIt()
    {
        // Journal: y1 Y->W, x1 X->Z, y1 W->X. Net: y1 Y->X listed first, but X is full until x1 leaves.
        var cluster = new ClusterModel(
            [Node("X", vcpus: 4), Node("Y"), Node("W"), Node("Z")],
            [Vm("x1", "X", vcpus: 4), Vm("y1", "Y", vcpus: 4)]);
        var ledger = new ConsolidationLedger(cluster);
        int x = ledger.HostIndex("uuid-X"), w = ledger.HostIndex("uuid-W"), z = ledger.HostIndex("uuid-Z");
        ledger.Move(1, w);
        ledger.Move(0, z);
        ledger.Move(1, x);
        ledger.Commit();

        var sequenced = MigrationSequencer.Sequence(ledger);

        Assert.Equal(["x1 X->Z", "y1 Y->X"], sequenced.Moves.Select(m => $"{m.Instance.Name} {m.Source.Hostname}->{m.Destination.Hostname}"));
        Assert.Empty(sequenced.Dropped);
    }

    [Fact]
    public void Ledger_Rollback_RestoresExactStateIncludingAnOverloadedSource()
    {
        // O is over capacity before any move: rolling back a move out of it must still put the instance back.
        var cluster = new ClusterModel(
            [Node("O", vcpus: 2), Node("T")],
            [Vm("o1", "O", vcpus: 2), Vm("o2", "O", vcpus: 2)]);
        var ledger = new ConsolidationLedger(cluster);
        var before = ledger.Used(0);
        var mark = ledger.Mark();

        ledger.Move(0, 1);
        ledger.Rollback(mark);

        Assert.Equal(before, ledger.Used(0));
        Assert.Equal(0, ledger.HostOf(0));
        Assert.Equal(2, ledger.CountOn(0));
        Assert.Empty(ledger.Journal);
    }
}
