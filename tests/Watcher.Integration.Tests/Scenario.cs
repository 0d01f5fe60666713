using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>Shared steps: pick the busiest node and get a host_maintenance plan for it.</summary>
public static class Scenario
{
    public static async Task<string> BusiestNodeAsync(WatcherTestClient client)
    {
        var rows = (await client.GetAsync("/v1/data_model?data_model_type=compute"))["context"]!.AsArray();
        return rows.Where(r => r!["server_uuid"] is not null)
            .GroupBy(r => r!["node_hostname"]!.GetValue<string>())
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
    }

    public static async Task<int> InstancesOnAsync(WatcherTestClient client, string hostname)
    {
        var rows = (await client.GetAsync("/v1/data_model?data_model_type=compute"))["context"]!.AsArray();
        return rows.Count(r => r!["server_uuid"] is not null && r["node_hostname"]!.GetValue<string>() == hostname);
    }

    public static Task<string> MaintenancePlanAsync(WatcherTestClient client, string node) =>
        client.AuditToPlanAsync("cluster_maintaining", "host_maintenance", new JsonObject { ["maintenance_node"] = node });
}
