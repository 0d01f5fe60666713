using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Activities.Audit;

/// <summary>
/// Collects one chunk of an audit's raw history: unless its blob already exists (a cached past chunk, or a retry),
/// queries the datasource for the chunk's resources and range, resamples each series onto the grid and writes one
/// compact blob. Returns only the blob's name and counts.
/// </summary>
public sealed class CollectHistoryChunkActivity(WatcherRepository repository, IMetricsSource metricsSource, ISeriesStore seriesStore)
    : TaskActivity<HistoryChunkInput, HistoryChunkRef>
{
    public const string Name = "CollectHistoryChunk";

    /// <summary>
    /// Manifests are written once per run and never change, and every chunk of a run reads the same one (for a large
    /// cluster, hundreds of KB of ids): the last few are kept in the process.
    /// </summary>
    private static readonly ConcurrentDictionary<string, HistoryManifest> Manifests = new(StringComparer.Ordinal);

    public override async Task<HistoryChunkRef> RunAsync(TaskActivityContext context, HistoryChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runId = AuditRunDocuments.Id(input.AuditUuid, input.PlanUuid);
        if (!Manifests.TryGetValue(runId, out var manifest))
        {
            manifest = await AuditRunDocuments.RequireAsync<HistoryManifest>(repository.Store, HistoryDocuments.Collection, runId, "history manifest");
            if (Manifests.Count >= 16)
            {
                Manifests.Clear();
            }

            Manifests[runId] = manifest;
        }

        var chunk = input.Chunk;
        var key = HistoryDocuments.Key(manifest, chunk);
        var name = HistoryDocuments.BlobName(runId, key, chunk);
        if (await seriesStore.ExistsAsync(name))
        {
            return new HistoryChunkRef(name, -1, key.Samples, FromCache: true);
        }

        // The source the run's manifest selected; a chain of one (or a plain source) is that source.
        var source = metricsSource is MetricsSourceChain chain
            ? chain.Sources.FirstOrDefault(s => string.Equals(s.Name, manifest.Source, StringComparison.Ordinal)) ?? chain
            : metricsSource;
        var raw = await source.QueryRangeAsync(new MetricRangeQuery(chunk.Metric, chunk.Resource, key.ResourceIds, chunk.Start, chunk.End, key.Step));
        var wanted = key.ResourceIds.ToHashSet(StringComparer.Ordinal);
        var series = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var s in raw)
        {
            if (wanted.Contains(s.ResourceId) && s.Points.Count > 0)
            {
                series[s.ResourceId] = SeriesGrid.Resample(s.Points, chunk.Start, key.Step, key.Samples);
            }
        }

        await seriesStore.PutAsync(name, SeriesBlobCodec.Encode(key, series), key.Metadata());
        return new HistoryChunkRef(name, series.Count, key.Samples, FromCache: false);
    }
}
