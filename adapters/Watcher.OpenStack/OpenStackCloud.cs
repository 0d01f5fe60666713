using System.Globalization;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;

namespace Watcher.OpenStack;

/// <summary>
/// The OpenStack cloud (<c>Watcher:Cloud = openstack</c>). <see cref="GetClusterAsync"/> reads the cluster model fresh
/// from the APIs on every call (no cache, so an audit right after a drain sees the new placement):
/// Nova hypervisors, compute services (status, disabled reason, forced_down, zone), servers of all projects with
/// their embedded flavor and host, and flavors; Placement inventories (total, reserved, allocation ratio) for the
/// capacity the scheduler enforces; Cinder pools and volumes when the catalog has a <c>volumev3</c> endpoint.
/// A node's <see cref="ComputeNode.Uuid"/> is the hypervisor's id (= its Placement resource provider), its
/// <see cref="ComputeNode.Hostname"/> the compute service's host, which is what Nova's actions take.
/// </summary>
public sealed class OpenStackCloud(OpenStackClient client) : ICloud
{
    /// <summary>The name selecting this cloud.</summary>
    public const string CloudName = "openstack";

    public string Name => CloudName;

    /// <summary>The client this cloud reads and acts with.</summary>
    public OpenStackClient Client => client;

    public async Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default)
    {
        var hypervisorsTask = client.GetAsync(OpenStackClient.Compute, "os-hypervisors/detail", cancellationToken);
        var servicesTask = client.GetAsync(OpenStackClient.Compute, "os-services?binary=nova-compute", cancellationToken);
        var flavorsTask = client.GetAsync(OpenStackClient.Compute, "flavors/detail?is_public=None", cancellationToken);
        var serversTask = ListServersAsync(cancellationToken);
        await Task.WhenAll(hypervisorsTask, servicesTask, flavorsTask, serversTask);

        var services = Objects((await servicesTask)["services"]).ToDictionary(s => Str(s, "host") ?? "", StringComparer.Ordinal);
        var hypervisors = Objects((await hypervisorsTask)["hypervisors"]).ToList();
        var inventories = await Task.WhenAll(hypervisors.Select(h => InventoryAsync(Str(h, "id")!, cancellationToken)));

        var hosts = new List<ComputeNode>();
        var byNodename = new Dictionary<string, string>(StringComparer.Ordinal);
        var byHost = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < hypervisors.Count; i++)
        {
            var hypervisor = hypervisors[i];
            var uuid = Str(hypervisor, "id")!;
            var host = Str(hypervisor["service"] as JsonObject, "host") ?? Str(hypervisor, "hypervisor_hostname") ?? uuid;
            services.TryGetValue(host, out var service);
            var inventory = inventories[i];
            var forcedDown = service?["forced_down"] is JsonValue fd && fd.GetValue<bool>();
            hosts.Add(new ComputeNode
            {
                Uuid = uuid,
                Hostname = host,
                VCpus = Total(inventory, "VCPU", hypervisor, "vcpus"),
                VCpuReserved = Reserved(inventory, "VCPU"),
                VCpuRatio = Ratio(inventory, "VCPU"),
                MemoryMb = Total(inventory, "MEMORY_MB", hypervisor, "memory_mb"),
                MemoryMbReserved = Reserved(inventory, "MEMORY_MB"),
                MemoryRatio = Ratio(inventory, "MEMORY_MB"),
                DiskGb = Total(inventory, "DISK_GB", hypervisor, "local_gb"),
                DiskGbReserved = Reserved(inventory, "DISK_GB"),
                DiskRatio = Ratio(inventory, "DISK_GB"),
                State = forcedDown || (Str(service, "state") ?? Str(hypervisor, "state")) == "down" ? NodeState.Down : NodeState.Up,
                Status = (Str(service, "status") ?? Str(hypervisor, "status")) == "disabled" ? ServiceStatus.Disabled : ServiceStatus.Enabled,
                DisabledReason = Str(service, "disabled_reason"),
                Zone = Str(service, "zone"),
            });
            byNodename.TryAdd(Str(hypervisor, "hypervisor_hostname") ?? host, uuid);
            byHost.TryAdd(host, uuid);
        }

        var instances = new List<Instance>();
        foreach (var server in await serversTask)
        {
            var nodeName = Str(server, "OS-EXT-SRV-ATTR:hypervisor_hostname");
            var hostName = Str(server, "OS-EXT-SRV-ATTR:host");
            var nodeUuid = nodeName is not null && byNodename.TryGetValue(nodeName, out var n) ? n
                : hostName is not null && byHost.TryGetValue(hostName, out var h) ? h : null;
            if (nodeUuid is null)
            {
                // Not placed (building, or failed to schedule): not part of any node's load.
                continue;
            }

            var flavor = server["flavor"] as JsonObject;
            var metadata = server["metadata"] as JsonObject;
            instances.Add(new Instance
            {
                Uuid = Str(server, "id")!,
                Name = Str(server, "name") ?? Str(server, "id")!,
                VCpus = Int(flavor, "vcpus"),
                MemoryMb = Int(flavor, "ram"),
                DiskGb = Int(flavor, "disk"),
                Flavor = Str(flavor, "original_name"),
                State = InstanceStateOf(server),
                HostUuid = nodeUuid,
                ProjectId = Str(server, "tenant_id"),
                WatcherExclude = string.Equals(Str(metadata, client.Options.ExcludeMetadataKey), "true", StringComparison.OrdinalIgnoreCase),
            });
        }

        var flavors = Objects((await flavorsTask)["flavors"]).Select(f => new Flavor
        {
            Id = Str(f, "id")!,
            Name = Str(f, "name") ?? Str(f, "id")!,
            VCpus = Int(f, "vcpus"),
            MemoryMb = Int(f, "ram"),
            DiskGb = Int(f, "disk"),
        }).ToList();

        var (pools, volumes) = await StorageAsync(cancellationToken);
        return new ClusterModel(hosts, instances, pools, volumes, flavors);
    }

    /// <summary>Placement's usages of every compute node (resource class → amount), by node uuid: what the scheduler counts as used.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> GetPlacementUsagesAsync(CancellationToken cancellationToken = default)
    {
        var hypervisors = Objects((await client.GetAsync(OpenStackClient.Compute, "os-hypervisors", cancellationToken))["hypervisors"]).Select(h => Str(h, "id")!).ToList();
        var result = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var uuid in hypervisors)
        {
            var usages = (await client.GetAsync(OpenStackClient.Placement, $"resource_providers/{uuid}/usages", cancellationToken))["usages"] as JsonObject ?? [];
            result[uuid] = usages.ToDictionary(u => u.Key, u => u.Value?.GetValue<double>() ?? 0, StringComparer.Ordinal);
        }

        return result;
    }

    /// <summary>Watcher's instance state from Nova's vm_state (a resized, unconfirmed server counts by its power state).</summary>
    internal static string InstanceStateOf(JsonObject server) => Str(server, "OS-EXT-STS:vm_state") switch
    {
        "active" => InstanceState.Active,
        "stopped" => InstanceState.Stopped,
        "paused" => InstanceState.Paused,
        "suspended" => InstanceState.Suspended,
        "error" => InstanceState.Error,
        "building" => InstanceState.Building,
        "resized" => Int(server, "OS-EXT-STS:power_state") == 4 ? InstanceState.Stopped : InstanceState.Active,
        { } other => other,
        null => (Str(server, "status") ?? "unknown").ToLowerInvariant(),
    };

    private async Task<List<JsonObject>> ListServersAsync(CancellationToken cancellationToken)
    {
        var servers = new List<JsonObject>();
        var path = "servers/detail?all_tenants=1&limit=500";
        while (true)
        {
            var page = await client.GetAsync(OpenStackClient.Compute, path, cancellationToken);
            var batch = Objects(page["servers"]).ToList();
            servers.AddRange(batch);
            var next = Objects(page["servers_links"]).FirstOrDefault(l => Str(l, "rel") == "next");
            if (next is null || batch.Count == 0)
            {
                return servers;
            }

            path = $"servers/detail?all_tenants=1&limit=500&marker={Uri.EscapeDataString(Str(batch[^1], "id")!)}";
        }
    }

    private async Task<JsonObject> InventoryAsync(string providerUuid, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetAsync(OpenStackClient.Placement, $"resource_providers/{providerUuid}/inventories", cancellationToken))["inventories"] as JsonObject ?? [];
        }
        catch (OpenStackApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // No resource provider yet (a compute that has not reported): fall back to the hypervisor's own figures.
            return [];
        }
    }

    private async Task<(List<StoragePool> Pools, List<Volume> Volumes)> StorageAsync(CancellationToken cancellationToken)
    {
        if (!await client.HasServiceAsync(OpenStackClient.VolumeV3, cancellationToken))
        {
            return ([], []);
        }

        var pools = Objects((await client.GetAsync(OpenStackClient.VolumeV3, "scheduler-stats/get_pools?detail=true", cancellationToken))["pools"])
            .Select(p => p["capabilities"] as JsonObject is { } c
                ? new StoragePool
                {
                    Name = Str(p, "name")!,
                    TotalCapacityGb = Num(c, "total_capacity_gb"),
                    FreeCapacityGb = Num(c, "free_capacity_gb"),
                    AllocatedCapacityGb = c["allocated_capacity_gb"] is null ? null : Num(c, "allocated_capacity_gb"),
                    MaxOverSubscriptionRatio = c["max_over_subscription_ratio"] is null ? 1.0 : Num(c, "max_over_subscription_ratio"),
                    VolumeType = Str(c, "volume_backend_name"),
                }
                : new StoragePool { Name = Str(p, "name")! })
            .ToList();
        var volumes = Objects((await client.GetAsync(OpenStackClient.VolumeV3, "volumes/detail?all_tenants=1", cancellationToken))["volumes"])
            .Select(v => new Volume
            {
                Uuid = Str(v, "id")!,
                Name = Str(v, "name") ?? "",
                Size = Num(v, "size"),
                Status = Str(v, "status") ?? VolumeStatus.Available,
                Pool = Str(v, "os-vol-host-attr:host"),
                VolumeType = Str(v, "volume_type"),
                ProjectId = Str(v, "os-vol-tenant-attr:tenant_id"),
                Bootable = string.Equals(Str(v, "bootable"), "true", StringComparison.OrdinalIgnoreCase),
                Attachments = Objects(v["attachments"]).Select(a => Str(a, "server_id")).OfType<string>().ToList(),
            })
            .ToList();
        return (pools, volumes);
    }

    private static int Total(JsonObject inventory, string resourceClass, JsonObject hypervisor, string fallback) =>
        inventory[resourceClass] is JsonObject inv ? Int(inv, "total") : Int(hypervisor, fallback);

    private static int Reserved(JsonObject inventory, string resourceClass) =>
        inventory[resourceClass] is JsonObject inv ? Int(inv, "reserved") : 0;

    private static double Ratio(JsonObject inventory, string resourceClass) =>
        inventory[resourceClass] is JsonObject inv && inv["allocation_ratio"] is not null ? Num(inv, "allocation_ratio") : 1.0;

    internal static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    internal static string? Str(JsonObject? json, string name) => json?[name] is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString().Trim('"')
        : null;

    private static double Num(JsonObject? json, string name) => json?[name] is JsonValue value
        ? value.TryGetValue<double>(out var number) ? number
        : double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0
        : 0;

    private static int Int(JsonObject? json, string name) => (int)Math.Round(Num(json, name));
}
