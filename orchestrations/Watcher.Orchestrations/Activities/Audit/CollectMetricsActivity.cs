using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Collects the metrics the strategy needs over the audit's <c>period</c> (seconds, default 3600) at its
/// <c>granularity</c> (default 300 s), aggregated with its <c>aggregation_method</c> (default mean), from the first
/// configured datasource that serves them all, and stores them. When no datasource serves them the audit fails with a
/// <see cref="Domain.Errors.ValidationException"/> naming the missing metrics and the datasources tried; it never reads zeros.
/// </summary>
public sealed class CollectMetricsActivity(WatcherRepository repository, IMetricsSource metricsSource, StrategyRegistry strategies, TimeProvider time)
    : TaskActivity<AuditRunInput, MetricsRef>
{
    public const string Name = "CollectMetrics";

    public override async Task<MetricsRef> RunAsync(TaskActivityContext context, AuditRunInput input)
    {
        var id = AuditRunDocuments.Id(input.AuditUuid, input.PlanUuid);
        var metrics = await AuditRunDocuments.GetOrCreateAsync(repository.Store, WatcherRepository.Metrics, id, async () =>
        {
            var audit = await repository.GetAuditAsync(input.AuditUuid);
            var strategy = strategies.Require(audit.StrategyName);
            var cluster = await AuditRunDocuments.RequireAsync<ClusterModel>(repository.Store, WatcherRepository.Snapshots, id, "cluster snapshot");
            var period = TimeSpan.FromSeconds(Number(audit.Parameters, "period", 3600));
            var step = TimeSpan.FromSeconds(Math.Max(1, Number(audit.Parameters, "granularity", 300)));
            return await MetricsCollector.CollectAsync(metricsSource, cluster, strategy.RequiredMetrics, time.GetUtcNow(), period, step, Aggregation(audit.Parameters));
        });
        return new MetricsRef(id, metrics.Hosts.Count, metrics.Instances.Count, metrics.Source);
    }

    private static double Number(JsonObject parameters, string name, double fallback) =>
        parameters[name] is { } node && node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : fallback;

    /// <summary>Watcher's aggregation_method is a string or an object per resource kind ({"instance": ..., "compute_node": ...}).</summary>
    private static string Aggregation(JsonObject parameters) => parameters["aggregation_method"] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonObject o when o["instance"] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => "mean",
    };
}
