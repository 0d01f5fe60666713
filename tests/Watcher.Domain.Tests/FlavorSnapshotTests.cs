using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Simulator;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests;

/// <summary>The optional flavor catalogue of the snapshot format and each instance's flavor.</summary>
public sealed class FlavorSnapshotTests
{
    [Fact]
    public void Deserialize_SnapshotWithoutFlavors_LoadsWithEmptyCatalogueAndNoInstanceFlavor()
    {
        var cluster = WatcherJson.Deserialize<ClusterModel>("""
            {"hosts": [{"uuid": "n1", "hostname": "h1", "vcpus": 8, "memory": 16384, "disk": 100}],
             "instances": [{"uuid": "i1", "name": "vm", "host": "n1", "vcpus": 1, "memory": 512, "disk": 1}]}
            """);

        Assert.Empty(cluster.Flavors);
        Assert.Null(cluster.Instances[0].Flavor);
        Assert.Empty(cluster.Validate());
    }

    [Fact]
    public void Deserialize_SnapshotWithFlavors_ReadsCatalogueAndInstanceFlavor()
    {
        var cluster = WatcherJson.Deserialize<ClusterModel>("""
            {"hosts": [{"uuid": "n1", "hostname": "h1"}],
             "instances": [{"uuid": "i1", "name": "vm", "host": "n1", "vcpus": 1, "memory": 512, "disk": 1, "flavor": "m1.tiny"}],
             "flavors": [{"id": "1", "name": "m1.tiny", "vcpus": 1, "memory": 512, "disk": 1}]}
            """);

        Assert.Equal(new Flavor { Id = "1", Name = "m1.tiny", VCpus = 1, MemoryMb = 512, DiskGb = 1 }, Assert.Single(cluster.Flavors));
        Assert.Equal("m1.tiny", cluster.Instances[0].Flavor);
        Assert.Same(cluster.Flavors[0], cluster.FindFlavor("1"));
        Assert.Same(cluster.Flavors[0], cluster.FindFlavor("m1.tiny"));
        Assert.Null(cluster.FindFlavor("m1.small"));
    }

    [Fact]
    public void Serialize_GeneratedCluster_RoundTripsFlavors()
    {
        var cluster = ClusterGenerator.Generate(4, 12, seed: 3);

        var back = WatcherJson.Deserialize<ClusterModel>(WatcherJson.Serialize(cluster));

        Assert.Equal(ClusterGenerator.FlavorCatalogue, back.Flavors);
        Assert.All(back.Instances, i => Assert.Equal(i.Demand, back.FindFlavor(i.Flavor!)!.Demand));
    }

    [Fact]
    public void WithNodeWithInstanceAndState_KeepTheCatalogue()
    {
        var cluster = new ClusterModel([Node("A")], [Vm("i", "A")], flavors: ClusterGenerator.FlavorCatalogue);
        var state = new ClusterState(cluster);
        state.SetInstance(Vm("i", "A", vcpus: 1));

        Assert.Equal(5, cluster.WithNode(Node("A", vcpus: 4)).WithInstance(Vm("i", "A", vcpus: 1)).WithStorage([], []).Flavors.Count);
        Assert.Equal(5, state.ToModel().Flavors.Count);
        Assert.Equal(5, ClusterGenerator.WithHostMetrics(cluster).Flavors.Count);
    }

    [Fact]
    public void Validate_DuplicateFlavorIdOrNegativeSize_IsReported()
    {
        var cluster = new ClusterModel([Node("A")], [], flavors:
        [
            new Flavor { Id = "1", Name = "a", VCpus = 1 },
            new Flavor { Id = "1", Name = "b", VCpus = 1 },
            new Flavor { Id = "2", Name = "c", VCpus = -1 },
        ]);

        var problems = cluster.Validate();

        Assert.Contains("duplicate flavor id '1'", problems);
        Assert.Contains("flavor '2' has a negative size", problems);
    }
}
