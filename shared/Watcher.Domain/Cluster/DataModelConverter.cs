using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Json;

namespace Watcher.Domain.Cluster;

/// <summary>
/// Converts between the cluster model and Watcher's flat compute data model (<c>GET /v1/data_model</c>): one row per
/// (node, instance) with <c>node_*</c> and <c>server_*</c> keys, nodes by uuid and their instances by uuid, and a row
/// with node keys only for a node without instances. The rows carry no metrics, zones, power states or storage, so
/// <see cref="FromRows"/> leaves those empty.
/// </summary>
public static class DataModelConverter
{
    /// <summary>The data model rows of <paramref name="cluster"/>, exactly as the API's data_model endpoint serves them.</summary>
    public static JsonArray ToRows(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var rows = new JsonArray();
        foreach (var node in cluster.Hosts.OrderBy(n => n.Uuid, StringComparer.Ordinal))
        {
            var instances = cluster.InstancesOn(node.Uuid).OrderBy(i => i.Uuid, StringComparer.Ordinal).ToList();
            if (instances.Count == 0)
            {
                rows.Add(NodeRow(node));
            }

            foreach (var instance in instances)
            {
                var row = NodeRow(node);
                row["server_uuid"] = instance.Uuid;
                row["server_name"] = instance.Name;
                row["server_state"] = instance.State;
                row["server_vcpus"] = instance.VCpus;
                row["server_memory"] = instance.MemoryMb;
                row["server_disk"] = instance.DiskGb;
                row["server_watcher_exclude"] = instance.WatcherExclude;
                row["server_project_id"] = instance.ProjectId;
                row["server_locked"] = false;
                row["server_metadata"] = new JsonObject();
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// Rebuilds a cluster model from data model rows: nodes in order of first appearance, instances in row order.
    /// Missing optional keys take the model's defaults; a row without <c>node_uuid</c>, or an instance listed twice,
    /// is a <see cref="ValidationException"/>. Metrics are empty.
    /// </summary>
    public static ClusterModel FromRows(IEnumerable<JsonNode?> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hosts = new List<ComputeNode>();
        var seenHosts = new HashSet<string>(StringComparer.Ordinal);
        var instances = new List<Instance>();
        var seenInstances = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in rows)
        {
            if (node is not JsonObject row)
            {
                throw new ValidationException($"data model row {index} is not an object.");
            }

            var nodeUuid = Text(row, "node_uuid") ?? throw new ValidationException($"data model row {index} has no node_uuid.");
            if (seenHosts.Add(nodeUuid))
            {
                hosts.Add(ReadNode(row, nodeUuid));
            }

            if (Text(row, "server_uuid") is { } serverUuid)
            {
                if (!seenInstances.Add(serverUuid))
                {
                    throw new ValidationException($"data model lists instance '{serverUuid}' twice (row {index}).");
                }

                instances.Add(new Instance
                {
                    Uuid = serverUuid,
                    Name = Text(row, "server_name") ?? serverUuid,
                    State = Text(row, "server_state") ?? InstanceState.Active,
                    VCpus = Int(row, "server_vcpus"),
                    MemoryMb = Int(row, "server_memory"),
                    DiskGb = Int(row, "server_disk"),
                    WatcherExclude = row["server_watcher_exclude"] is JsonValue exclude && exclude.GetValueKind() == JsonValueKind.True,
                    ProjectId = Text(row, "server_project_id"),
                    HostUuid = nodeUuid,
                });
            }

            index++;
        }

        return new ClusterModel(hosts, instances);
    }

    private static JsonObject NodeRow(ComputeNode node) => new()
    {
        ["node_uuid"] = node.Uuid,
        ["node_hostname"] = node.Hostname,
        ["node_status"] = node.Status == ServiceStatus.Enabled ? "enabled" : "disabled",
        ["node_disabled_reason"] = node.DisabledReason,
        ["node_state"] = node.State == NodeState.Up ? "up" : "down",
        ["node_memory"] = node.MemoryMb,
        ["node_memory_mb_reserved"] = node.MemoryMbReserved,
        ["node_disk"] = node.DiskGb,
        ["node_disk_gb_reserved"] = node.DiskGbReserved,
        ["node_vcpus"] = node.VCpus,
        ["node_vcpu_reserved"] = node.VCpuReserved,
        ["node_memory_ratio"] = node.MemoryRatio,
        ["node_vcpu_ratio"] = node.VCpuRatio,
        ["node_disk_ratio"] = node.DiskRatio,
    };

    private static ComputeNode ReadNode(JsonObject row, string uuid) => new()
    {
        Uuid = uuid,
        Hostname = Text(row, "node_hostname") ?? uuid,
        Status = Text(row, "node_status") == "disabled" ? ServiceStatus.Disabled : ServiceStatus.Enabled,
        DisabledReason = Text(row, "node_disabled_reason"),
        State = Text(row, "node_state") == "down" ? NodeState.Down : NodeState.Up,
        MemoryMb = Int(row, "node_memory"),
        MemoryMbReserved = Int(row, "node_memory_mb_reserved"),
        DiskGb = Int(row, "node_disk"),
        DiskGbReserved = Int(row, "node_disk_gb_reserved"),
        VCpus = Int(row, "node_vcpus"),
        VCpuReserved = Int(row, "node_vcpu_reserved"),
        MemoryRatio = Number(row, "node_memory_ratio") ?? 1.0,
        VCpuRatio = Number(row, "node_vcpu_ratio") ?? 1.0,
        DiskRatio = Number(row, "node_disk_ratio") ?? 1.0,
    };

    private static string? Text(JsonObject row, string key) =>
        row[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A number whether the value holds a CLR number or parsed JSON text.</summary>
    private static double? Number(JsonObject row, string key) => JsonNumbers.AsDouble(row[key]);

    private static int Int(JsonObject row, string key) => (int)Math.Round(Number(row, key) ?? 0);
}
