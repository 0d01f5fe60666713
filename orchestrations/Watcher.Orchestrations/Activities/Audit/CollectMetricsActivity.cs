using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
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
/// When the strategy declares a <see cref="HistoryRequirement"/>, also fixes the run's history window (the grid ends at
/// the last whole step before now) and stores its manifest; the orchestrator then collects the chunks.
/// </summary>
public sealed class CollectMetricsActivity(WatcherRepository repository, IMetricsSource metricsSource, StrategyRegistry strategies, TimeProvider time, IOptions<HistoryOptions> historyOptions)
    : TaskActivity<AuditRunInput, MetricsRef>
{
    public const string Name = "CollectMetrics";

    public override async Task<MetricsRef> RunAsync(TaskActivityContext context, AuditRunInput input)
    {
        var id = AuditRunDocuments.Id(input.AuditUuid, input.PlanUuid);
        var audit = await repository.GetAuditAsync(input.AuditUuid);
        var strategy = strategies.Require(audit.StrategyName);
        var metrics = await AuditRunDocuments.GetOrCreateAsync(repository.Store, WatcherRepository.Metrics, id, async () =>
        {
            var cluster = await AuditRunDocuments.RequireAsync<ClusterModel>(repository.Store, WatcherRepository.Snapshots, id, "cluster snapshot");
            var period = TimeSpan.FromSeconds(Number(audit.Parameters, "period", 3600));
            var step = TimeSpan.FromSeconds(Math.Max(1, Number(audit.Parameters, "granularity", 300)));
            return await MetricsCollector.CollectAsync(metricsSource, cluster, strategy.RequiredMetrics, time.GetUtcNow(), period, step, Aggregation(audit.Parameters));
        });
        return new MetricsRef(id, metrics.Hosts.Count, metrics.Instances.Count, metrics.Source) { History = await HistoryAsync(audit, strategy, id) };
    }

    /// <summary>The run's history window and manifest (stored once, so a retry keeps the first attempt's window), or null.</summary>
    private async Task<HistoryWindow?> HistoryAsync(Domain.Model.Audit audit, IStrategy strategy, string id)
    {
        var requirement = strategy.History(strategy.Parameters.Resolve(audit.Parameters, strategy.Name));
        if (requirement is null || requirement.Metrics.Count == 0)
        {
            return null;
        }

        var options = historyOptions.Value;
        var step = (long)requirement.Step.TotalSeconds;
        if (step < 1 || requirement.Period < requirement.Step)
        {
            throw new ValidationException($"Strategy '{strategy.Name}' asks for history with step {requirement.Step} over {requirement.Period}; the step must be at least 1 s and the period at least one step.");
        }

        var samples = (long)Math.Ceiling(requirement.Period.TotalSeconds / step);
        if (samples > options.MaxSamplesPerSeries)
        {
            throw new ValidationException($"Strategy '{strategy.Name}' asks for {samples} samples per series ({requirement.Period} at {requirement.Step}); at most {options.MaxSamplesPerSeries} are allowed (Watcher:History:MaxSamplesPerSeries).");
        }

        // The first configured datasource that serves every history metric (a ValidationException naming the missing ones
        // otherwise); the manifest names it so every chunk is read from that one source.
        var source = MetricsSourceChain.Select(metricsSource, requirement.Metrics);
        var manifest = await AuditRunDocuments.GetOrCreateAsync(repository.Store, HistoryDocuments.Collection, id, async () =>
        {
            var cluster = await AuditRunDocuments.RequireAsync<ClusterModel>(repository.Store, WatcherRepository.Snapshots, id, "cluster snapshot");
            var (hosts, instances) = HistoryDocuments.ResourceIds(cluster);
            var end = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds() / step * step);
            var window = new HistoryWindow(
                [.. requirement.Metrics.Distinct(StringComparer.Ordinal)],
                end - TimeSpan.FromSeconds(samples * step),
                end,
                step,
                options.ChunkHours * 3600L,
                options.ResourcesPerChunk,
                options.MaxParallelChunks,
                hosts.Count,
                instances.Count);
            return new HistoryManifest(source.Name, window, hosts, instances);
        });
        return manifest.Window;
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
