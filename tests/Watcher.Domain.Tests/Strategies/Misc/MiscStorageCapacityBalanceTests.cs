using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>storage_capacity_balance scenarios whose expected plans follow Watcher's storage_capacity_balance.py.</summary>
public sealed class MiscStorageCapacityBalanceTests
{
    private static readonly StorageCapacityBalanceStrategy Strategy = new();

    private static ClusterModel Storage(IReadOnlyList<StoragePool> pools, IReadOnlyList<Volume> volumes) =>
        new ClusterModel([Node("A")], [Vm("up", "A"), Vm("down", "A", state: InstanceState.Stopped)]).WithStorage(pools, volumes);

    [Fact]
    public void Execute_PoolOverThreshold_MovesSmallestAvailableVolumesToTheFreestPoolsUntilUnder()
    {
        // p1 is 90 % used; moving a (5) then b (20) brings it to 65 % < 80 %. a goes to p2 (60 % free); p2 then has
        // 55 % free, less than p3's 58 %, so b goes to p3. c and d are never needed.
        var cluster = Storage(
            [Pool("h@b#p1", 100, 10), Pool("h@b#p2", 100, 60), Pool("h@b#p3", 100, 58)],
            [
                Vol("b", "h@b#p1", 20), Vol("a", "h@b#p1", 5),
                Vol("c", "h@b#p1", 10, VolumeStatus.InUse, attachedTo: "up"), Vol("d", "h@b#p1", 30, VolumeStatus.InUse, attachedTo: "up", bootable: true),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["volume a ->h@b#p2", "volume b ->h@b#p3"], Plan(result));
        Assert.Equal("vol-a", result.Actions[0].ResourceId);
        Assert.Equal(2, Indicator(result, "volume_migrations_count"));
        Assert.Equal(0, Indicator(result, "instance_migrations_count"));
        Assert.Equal(100, Indicator(result, "relieved_pools_ratio"));
    }

    [Fact]
    public void Execute_AvailableNotEnough_ThenInUseNonBootableThenBootable()
    {
        // p1 95 % used; a (5) → 90 %, c (in-use, 5) → 85 %, d (bootable, 10) → 75 %.
        var cluster = Storage(
            [Pool("p1", 100, 5), Pool("p2", 100, 90)],
            [
                Vol("d", "p1", 10, VolumeStatus.InUse, attachedTo: "up", bootable: true),
                Vol("c", "p1", 5, VolumeStatus.InUse, attachedTo: "up"),
                Vol("a", "p1", 5),
                Vol("e", "p1", 40, VolumeStatus.InUse, attachedTo: "up", bootable: true),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["volume a ->p2", "volume c ->p2", "volume d ->p2"], Plan(result));
    }

    [Fact]
    public void Execute_TypedVolumes_MigrateWithinTheirTypeOrRetypeWhenNoPoolOfTheirTypeHasRoom()
    {
        // ssd-1 is over; x (ssd, 10) fits ssd-2 and stays ssd although hdd-1 is freer; y (ssd, 40) does not fit ssd-2
        // (it would cross the threshold), so it is retyped to hdd. Retypes are listed before migrations, as in Watcher.
        var cluster = Storage(
            [Pool("ssd-1", 100, 5, "ssd"), Pool("ssd-2", 100, 45, "ssd"), Pool("hdd-1", 200, 180, "hdd")],
            [Vol("x", "ssd-1", 10, type: "ssd"), Vol("y", "ssd-1", 40, type: "ssd")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["retype y hdd", "volume x ->ssd-2"], Plan(result));
        Assert.Equal(1, Indicator(result, "volume_retypes_count"));
    }

    [Fact]
    public void Execute_DestinationWouldReachThreshold_VolumeStaysAndPoolIsReported()
    {
        // Moving the 30 GB volume would leave p2 with 10 % free, not more than 20 %: nothing moves.
        var cluster = Storage([Pool("p1", 100, 10), Pool("p2", 100, 40)], [Vol("big", "p1", 30)]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Contains(result.Warnings, w => w.Contains("p1", StringComparison.Ordinal));
        Assert.Equal(0, Indicator(result, "relieved_pools_ratio"));
    }

    [Fact]
    public void Execute_UnmovableVolumes_AreSkipped()
    {
        // snap has snapshots, err is in error, held is attached to a stopped instance, thin pool p3 is over-subscribed.
        var cluster = Storage(
            [Pool("p1", 100, 10), Pool("p2", 100, 75), Pool("p3", 100, 99, allocated: 100)],
            [
                Vol("snap", "p1", 5, snapshots: true), Vol("err", "p1", 5, VolumeStatus.Error),
                Vol("held", "p1", 5, VolumeStatus.InUse, attachedTo: "down"), Vol("ok", "p1", 15),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["volume ok ->p2"], Plan(result));
    }

    [Fact]
    public void Execute_NoPoolOverThreshold_DoesNothingUntilThresholdIsLowered()
    {
        var cluster = Storage([Pool("p1", 100, 30), Pool("p2", 100, 90)], [Vol("v", "p1", 10)]);

        var byDefault = Run(Strategy, cluster);
        var lowered = Run(Strategy, cluster, new JsonObject { ["volume_threshold"] = 65.0 });

        Assert.Empty(byDefault.Actions);
        Assert.Equal(["volume v ->p2"], Plan(lowered));
    }

    [Theory]
    [InlineData("""{"volume_threshold": 120}""", "volume_threshold")]
    [InlineData("""{"volume_threshold": "high"}""", "volume_threshold")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(JsonNode.Parse(json)!.AsObject(), Strategy.Name));

        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_NoPoolEndsOverFullOrOverThreshold()
    {
        var generated = ClusterGenerator.Generate(2000, 8000, seed: 5);
        var random = new Random(9);
        var pools = Enumerable.Range(0, 200).Select(i => Pool($"host{i}@lvm#pool", 10_000, 0)).ToList();
        var volumes = new List<Volume>();
        var used = new double[pools.Count];
        foreach (var instance in generated.Instances)
        {
            var p = (int)(Math.Pow(random.NextDouble(), 3) * pools.Count);
            var size = random.Next(10, 200);
            if (used[p] + size > 9_900)
            {
                continue;
            }

            used[p] += size;
            volumes.Add(Vol(instance.Name + "-vol", pools[p].Name, size, VolumeStatus.InUse, attachedTo: null) with
            {
                Attachments = [instance.Uuid],
                Status = instance.State == InstanceState.Active ? VolumeStatus.InUse : VolumeStatus.Available,
            });
        }

        pools = pools.Select((p, i) => p with { FreeCapacityGb = p.TotalCapacityGb - used[i] }).ToList();
        var cluster = generated.WithStorage(pools, volumes);

        var result = Run(Strategy, cluster);

        Assert.NotEmpty(result.Actions);
        var free = pools.ToDictionary(p => p.Name, p => p.FreeCapacityGb);
        foreach (var action in result.Actions)
        {
            var volume = cluster.FindVolume(action.ResourceId!)!;
            var destination = action.InputParameters["destination_node"]!.GetValue<string>();
            free[volume.Pool!] += volume.Size;
            free[destination] -= volume.Size;
            Assert.True(free[destination] > 0.2 * 10_000, $"{destination} crossed the threshold");
        }
    }
}
