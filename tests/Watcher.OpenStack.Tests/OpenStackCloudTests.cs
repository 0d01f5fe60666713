using Watcher.Domain.Cluster;
using Watcher.Testing;

namespace Watcher.OpenStack.Tests;

/// <summary>The collector against the mini OpenStack: hosts, services, servers, flavors and Placement capacity as Nova and Placement show them.</summary>
[Collection(MiniOpenStackCollection.Name)]
public sealed class OpenStackCloudTests(MiniOpenStackFixture fixture)
{
    [Fact]
    public async Task GetCluster_MiniOpenStack_HostsKeepHypervisorUuidAndServiceHostname()
    {
        await using var mini = new MiniCloud(fixture);

        var cluster = await mini.Cloud.GetClusterAsync();

        Assert.Empty(cluster.Validate());
        Assert.Equal(["compute-1", "compute-2", "compute-3"], cluster.Hosts.Select(h => h.Hostname).Order(StringComparer.Ordinal));
        var hypervisors = OpenStackCloud.Objects((await mini.Client.GetAsync(OpenStackClient.Compute, "os-hypervisors/detail"))["hypervisors"]).ToList();
        foreach (var node in cluster.Hosts)
        {
            var hypervisor = hypervisors.Single(h => OpenStackCloud.Str(h["service"] as System.Text.Json.Nodes.JsonObject, "host") == node.Hostname);
            Assert.Equal(OpenStackCloud.Str(hypervisor, "id"), node.Uuid);
            Assert.NotEqual(node.Uuid, node.Hostname);
            Assert.Equal("nova", node.Zone);
            Assert.Equal(NodeState.Up, node.State);
        }
    }

    [Fact]
    public async Task GetCluster_MiniOpenStack_CapacityIsPlacementInventory()
    {
        await using var mini = new MiniCloud(fixture);

        var cluster = await mini.Cloud.GetClusterAsync();

        foreach (var node in cluster.Hosts)
        {
            var inventory = (await mini.Client.GetAsync(OpenStackClient.Placement, $"resource_providers/{node.Uuid}/inventories"))["inventories"]!;
            Assert.Equal(inventory["VCPU"]!["total"]!.GetValue<int>(), node.VCpus);
            Assert.Equal(inventory["VCPU"]!["allocation_ratio"]!.GetValue<double>(), node.VCpuRatio);
            Assert.Equal(inventory["MEMORY_MB"]!["reserved"]!.GetValue<int>(), node.MemoryMbReserved);
            Assert.Equal(inventory["MEMORY_MB"]!["allocation_ratio"]!.GetValue<double>(), node.MemoryRatio);
            Assert.Equal(inventory["DISK_GB"]!["total"]!.GetValue<int>(), node.DiskGb);
            var vcpu = inventory["VCPU"]!;
            Assert.Equal((vcpu["total"]!.GetValue<int>() - vcpu["reserved"]!.GetValue<int>()) * vcpu["allocation_ratio"]!.GetValue<double>(), node.Capacity.VCpus);
        }
    }

    [Fact]
    public async Task GetCluster_ServersBooted_SeenOnTheirHostWithFlavorAndUsageMatchingPlacement()
    {
        await using var mini = new MiniCloud(fixture);
        var ids = await mini.BootAsync(2, "compute-2", "m1.small", "collector");

        var cluster = await mini.Cloud.GetClusterAsync();

        var node = cluster.FindNode("compute-2")!;
        foreach (var id in ids)
        {
            var instance = cluster.FindInstance(id)!;
            Assert.Equal(node.Uuid, instance.HostUuid);
            Assert.Equal("m1.small", instance.Flavor);
            Assert.Equal(cluster.FindFlavor("m1.small")!.Demand, instance.Demand);
            Assert.Equal(InstanceState.Active, instance.State);
        }

        var usages = await mini.Cloud.GetPlacementUsagesAsync();
        foreach (var host in cluster.Hosts)
        {
            Assert.Equal(usages[host.Uuid].GetValueOrDefault("VCPU"), cluster.UsedOn(host.Uuid).VCpus);
            Assert.Equal(usages[host.Uuid].GetValueOrDefault("MEMORY_MB"), cluster.UsedOn(host.Uuid).MemoryMb);
        }
    }

    [Fact]
    public async Task GetCluster_NoVolumeEndpoint_NoStorageAndNoError()
    {
        await using var mini = new MiniCloud(fixture);

        var cluster = await mini.Cloud.GetClusterAsync();

        Assert.False(await mini.Client.HasServiceAsync(OpenStackClient.VolumeV3));
        Assert.Empty(cluster.StoragePools);
        Assert.Empty(cluster.Volumes);
    }

    [Fact]
    public async Task Client_ManyCalls_OneTokenFromKeystone()
    {
        await using var mini = new MiniCloud(fixture);

        await mini.Cloud.GetClusterAsync();
        await mini.Cloud.GetClusterAsync();

        Assert.Equal(1, mini.Client.TokensIssued);
    }
}
