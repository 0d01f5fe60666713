using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Api.Handlers;

/// <summary>The data model, the simulator's controls (fault injection, reset) and health.</summary>
public static class ClusterHandlers
{
    public static async Task<ApiResponse> DataModel(ApiRequest r)
    {
        var type = r.Query("data_model_type") ?? "compute";
        if (type != "compute")
        {
            throw new NotFoundException("DataModel", type);
        }

        var cloud = r.Http.RequestServices.GetRequiredService<ICloud>();
        var cluster = await cloud.GetClusterAsync(r.Http.RequestAborted);
        if (r.Query("audit_uuid") is { } auditId)
        {
            // As Watcher: the model the audit sees, its scope applied (nodes out of scope, excluded servers and projects left out).
            var audit = await Lookups.FindAuditAsync(r, auditId);
            var scope = new ScopeFilter(cluster, ScopeParser.Parse(audit.Scope));
            var excluded = scope.Scope.ExcludeInstances.ToHashSet(StringComparer.Ordinal);
            var excludedProjects = scope.Scope.ExcludeProjects.ToHashSet(StringComparer.Ordinal);
            cluster = new ClusterModel(
                cluster.Hosts.Where(scope.IsNodeInScope).ToList(),
                cluster.Instances.Where(i => cluster.FindNode(i.HostUuid) is { } node && scope.IsNodeInScope(node)
                    && !excluded.Contains(i.Uuid) && (i.ProjectId is null || !excludedProjects.Contains(i.ProjectId))).ToList(),
                cluster.StoragePools,
                cluster.Volumes,
                cluster.Flavors);
        }

        return ApiResponse.Ok(new JsonObject { ["context"] = Views.DataModel(cluster) });
    }

    /// <summary>
    /// The cluster in the snapshot format (<c>{"hosts": [...], "instances": [...]}</c>), for the offline tool; with
    /// <c>include=series&amp;metrics=...&amp;period=...&amp;granularity=...</c> also the raw history of those metrics from the
    /// selected datasource (the snapshot's <c>series</c> section).
    /// </summary>
    public static async Task<ApiResponse> Snapshot(ApiRequest r)
    {
        var query = SnapshotSeriesQuery.Parse(r.Query("include"), r.Query("metrics"), r.Query("period"), r.Query("granularity"));
        var services = r.Http.RequestServices;
        var cluster = await services.GetRequiredService<ICloud>().GetClusterAsync(r.Http.RequestAborted);
        var snapshot = JsonNode.Parse(WatcherJson.Serialize(cluster))!.AsObject();
        if (query is not null)
        {
            var series = await query.CollectAsync(services.GetRequiredService<IMetricsSource>(), cluster, services.GetRequiredService<TimeProvider>().GetUtcNow(), r.Http.RequestAborted);
            snapshot["series"] = JsonNode.Parse(WatcherJson.Serialize(series));
        }

        return ApiResponse.Ok(snapshot);
    }

    /// <summary>The simulated cloud: cluster size, state version, fault rules and the operations applied (<see cref="SimulatorStatus"/>).</summary>
    public static async Task<ApiResponse> SimulatorState(ApiRequest r)
    {
        var simulator = RequireSimulator(r);
        var status = await simulator.GetStatusAsync(r.Http.RequestAborted);
        return ApiResponse.Ok(JsonNode.Parse(WatcherJson.Serialize(status))!);
    }

    /// <summary>
    /// Replaces the fault rules: body <c>{"faults": [{"action_type": "migrate", "occurrence": 3, "times": 0}]}</c>; a rule
    /// with <c>delay_ms</c> makes the operation hang that long instead of failing.
    /// </summary>
    public static async Task<ApiResponse> SetFaults(ApiRequest r)
    {
        var simulator = RequireSimulator(r);
        var body = await r.ReadJsonAsync<JsonObject>();
        BodyFields.AllowOnly(body, "faults", "faults");
        var list = BodyFields.Array(body, "faults") ?? throw new ValidationException("'faults' is required (a list, possibly empty).");
        var faults = new List<SimulatorFault>();
        foreach (var item in list)
        {
            if (item is not JsonObject o)
            {
                throw new ValidationException("Each fault must be an object.");
            }

            BodyFields.AllowOnly(o, "fault", "action_type", "occurrence", "times", "phase", "message", "delay_ms");
            var rule = WatcherJson.Deserialize<SimulatorFault>(o.ToJsonString());
            if (rule.Occurrence < 1 || rule.Times < 0 || rule.DelayMs < 0 || rule.Phase is not ("execute" or "revert" or "any"))
            {
                throw new ValidationException("A fault needs occurrence >= 1, times >= 0, delay_ms >= 0 and phase execute, revert or any.");
            }

            faults.Add(rule);
        }

        await simulator.SetFaultsAsync(faults, r.Http.RequestAborted);
        return ApiResponse.Ok(new JsonObject { ["faults"] = JsonNode.Parse(WatcherJson.Serialize(faults)) });
    }

    /// <summary>Resets the simulator to its initial cluster, or to the snapshot given as the body.</summary>
    public static async Task<ApiResponse> ResetSimulator(ApiRequest r)
    {
        var simulator = RequireSimulator(r);
        ClusterModel? cluster = null;
        if (r.Http.Request.ContentLength is > 0 || r.Http.Request.Headers.TransferEncoding.Count > 0)
        {
            cluster = ReadSnapshot(await r.ReadJsonAsync<JsonObject>());
        }

        await simulator.ResetAsync(cluster, r.Http.RequestAborted);
        var status = await simulator.GetStatusAsync(r.Http.RequestAborted);
        return ApiResponse.Ok(new JsonObject { ["hosts"] = status.Hosts, ["instances"] = status.Instances });
    }

    /// <summary>
    /// A snapshot body for the reset (<c>{"hosts": [...], "instances": [...], ...}</c>) as a consistent cluster: at least
    /// one host, every list a list of objects, every member of the right type, finite positive ratios. Anything else is a
    /// 400 naming the member (hosts, hosts[2].uuid, ...), so a reset never leaves the simulator half-written.
    /// </summary>
    private static ClusterModel ReadSnapshot(JsonObject body)
    {
        if (body["hosts"] is not JsonArray { Count: > 0 })
        {
            throw new ValidationException("A reset snapshot needs 'hosts', a non-empty list of compute nodes (send no body to reset to the initial cluster).");
        }

        foreach (var (name, value) in body)
        {
            for (var i = 0; value is JsonArray list && i < list.Count; i++)
            {
                if (list[i] is not JsonObject)
                {
                    throw new ValidationException($"'{name}[{i}]' must be an object.");
                }
            }
        }

        if (body["instances"] is null)
        {
            body["instances"] = new JsonArray();
        }

        ClusterModel cluster;
        try
        {
            cluster = JsonSerializer.Deserialize<ClusterModel>(body, WatcherJson.Options)
                ?? throw new ValidationException("The request body must be a snapshot object.");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 2 } path ? $"'{path[2..]}' " : string.Empty;
            throw new ValidationException($"The snapshot is not valid: {where}{ex.Message}");
        }

        var problems = cluster.Validate().ToList();
        foreach (var node in cluster.Hosts)
        {
            if (!(double.IsFinite(node.VCpuRatio) && node.VCpuRatio > 0 && double.IsFinite(node.MemoryRatio) && node.MemoryRatio > 0 && double.IsFinite(node.DiskRatio) && node.DiskRatio > 0))
            {
                problems.Add($"host '{node.Uuid}' needs finite, positive allocation ratios");
            }
        }

        if (cluster.Hosts.SelectMany(h => h.Metrics.Values).Concat(cluster.Instances.SelectMany(i => i.Metrics.Values)).Any(v => !double.IsFinite(v)))
        {
            problems.Add("metrics must be finite numbers");
        }

        return problems.Count > 0 ? throw new ValidationException("The snapshot is inconsistent: " + string.Join("; ", problems.Distinct(StringComparer.Ordinal))) : cluster;
    }

    /// <summary>Healthy when the document store answers; 503 otherwise.</summary>
    public static async Task<ApiResponse> Health(ApiRequest r)
    {
        try
        {
            await r.Repository.Store.GetAsync<JsonObject>("health", "probe", r.Http.RequestAborted);
            return ApiResponse.Ok(new JsonObject { ["status"] = "Healthy", ["storage"] = "Healthy" });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ApiResponse(503, new JsonObject { ["status"] = "Unhealthy", ["storage"] = ex.GetType().Name });
        }
    }

    /// <summary>The simulator's controls, when the simulator is registered and is the selected cloud; Watcher's 404 otherwise.</summary>
    private static ISimulatorControl RequireSimulator(ApiRequest r)
    {
        var services = r.Http.RequestServices;
        return services.GetService<ISimulatorControl>() is { } control
            && string.Equals(services.GetService<ICloud>()?.Name, control.CloudName, StringComparison.OrdinalIgnoreCase)
            ? control
            : throw new NotFoundException("Simulator", "(the simulator is not the selected cloud)");
    }
}
