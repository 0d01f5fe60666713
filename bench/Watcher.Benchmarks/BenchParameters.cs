using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies;

namespace Watcher.Benchmarks;

/// <summary>
/// Parameters for strategies that cannot run on defaults, generated from the cluster: <c>maintenance_node</c> = the
/// busiest host; <c>compute_nodes</c> = the busiest 1% of hosts as sources (destinations left to the strategy);
/// <c>storage_pools</c> = the fullest pool to the emptiest; <c>actions</c> = disable the busiest host and live-migrate
/// up to 10 of its instances to the emptiest hosts with room. Any other required parameter is unknown: the strategy
/// is skipped and the table says why.
/// </summary>
public static class BenchParameters
{
    /// <summary>The parameters to pass, or null with <paramref name="skipReason"/> when a required one cannot be generated.</summary>
    public static JsonObject? For(IStrategy strategy, ClusterModel cluster, out string? skipReason)
    {
        skipReason = null;
        var schema = strategy.Parameters.ToJsonSchema();
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToList() ?? [];
        var parameters = new JsonObject();
        var byLoad = cluster.Hosts
            .OrderByDescending(h => cluster.InstancesOn(h.Uuid).Count)
            .ThenBy(h => h.Hostname, StringComparer.Ordinal)
            .ToList();
        foreach (var name in strategy.Parameters.Names)
        {
            JsonNode? value = name switch
            {
                "maintenance_node" => byLoad[0].Hostname,
                "compute_nodes" => new JsonArray(byLoad.Take(Math.Max(1, cluster.Hosts.Count / 100))
                    .Select(h => (JsonNode)new JsonObject { ["src_node"] = h.Hostname }).ToArray()),
                "actions" => ActuatorActions(cluster, byLoad),
                "storage_pools" when cluster.StoragePools.Count >= 2 => StoragePools(cluster),
                _ => null,
            };
            if (value is not null)
            {
                parameters[name] = value;
            }
            else if (required.Contains(name))
            {
                skipReason = $"needs parameter '{name}'";
                return null;
            }
        }

        return parameters;
    }

    private static JsonArray ActuatorActions(ClusterModel cluster, IReadOnlyList<ComputeNode> byLoad)
    {
        var source = byLoad[0];
        var placement = new Placement(cluster);
        var actions = new JsonArray(Item(ActionFactory.ChangeServiceState(source, ServiceStatus.Disabled, ActionFactory.MaintenanceReason)));
        var targets = byLoad.Skip(1).Reverse().Where(h => h.IsSchedulable).ToList();
        foreach (var instance in cluster.InstancesOn(source.Uuid).Take(10))
        {
            var target = targets.FirstOrDefault(t => placement.Fits(instance, t));
            if (target is null)
            {
                continue;
            }

            placement.Move(instance, target);
            actions.Add(Item(ActionFactory.Migrate(instance, source, target, instance.State == InstanceState.Active ? "live" : "cold")));
        }

        return actions;
    }

    /// <summary>The fullest pool to the emptiest one.</summary>
    private static JsonArray StoragePools(ClusterModel cluster)
    {
        var byUse = cluster.StoragePools
            .OrderByDescending(p => p.TotalCapacityGb <= 0 ? 0 : (p.TotalCapacityGb - p.FreeCapacityGb) / p.TotalCapacityGb)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return new JsonArray(new JsonObject { ["src_pool"] = byUse[0].Name, ["dst_pool"] = byUse[^1].Name });
    }

    private static JsonObject Item(ProposedAction action) => new()
    {
        ["action_type"] = action.ActionType,
        ["input_parameters"] = action.InputParameters.DeepClone(),
    };
}
