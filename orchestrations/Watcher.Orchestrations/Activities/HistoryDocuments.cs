using Watcher.Domain.Cluster;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Activities;

/// <summary>
/// An audit run's history: its manifest document (window and sorted resource ids), the blob each chunk is written to,
/// and the assembly of the chunks back into one series per resource and metric on the audit's grid.
/// </summary>
internal static class HistoryDocuments
{
    /// <summary>The collection of the runs' history manifests.</summary>
    public const string Collection = "history";

    /// <summary>The cache key of a chunk: the source, the resources it covers, the metric, its range and step.</summary>
    public static SeriesChunkKey Key(HistoryManifest manifest, HistoryChunk chunk)
    {
        var ids = chunk.Resource == MetricResource.Host ? manifest.HostIds : manifest.InstanceIds;
        return new SeriesChunkKey(
            manifest.Source, chunk.Resource, chunk.Metric, [.. ids.Skip(chunk.First).Take(chunk.Count)], chunk.Start, chunk.End, TimeSpan.FromSeconds(chunk.StepSeconds));
    }

    /// <summary>Where a chunk's series are: the shared cache for chunks entirely in the past, else a blob of this run only.</summary>
    public static string BlobName(string runId, SeriesChunkKey key, HistoryChunk chunk) => chunk.Cacheable ? key.CacheBlobName : key.RunBlobName(runId);

    /// <summary>The sorted host and instance ids chunks index into.</summary>
    public static (IReadOnlyList<string> Hosts, IReadOnlyList<string> Instances) ResourceIds(ClusterModel cluster) =>
        ([.. cluster.Hosts.Select(h => h.Uuid).Order(StringComparer.Ordinal)], [.. cluster.Instances.Select(i => i.Uuid).Order(StringComparer.Ordinal)]);

    /// <summary>
    /// Reads every chunk blob of the run (by reference, from the manifest) and assembles one series per resource and
    /// metric over the window, NaN where no chunk had data. Resources without any sample get no series.
    /// </summary>
    public static async Task<MetricsHistory> LoadAsync(ISeriesStore store, string runId, HistoryManifest manifest, CancellationToken cancellationToken = default)
    {
        var window = manifest.Window;
        var step = window.StepSeconds;
        var samples = (int)((window.End - window.Start).Ticks / TimeSpan.FromSeconds(step).Ticks);
        var assembled = new Dictionary<(MetricResource, string, string), double[]>();
        // Blobs are fetched and decoded 16 at a time; copying into the assembled arrays is serialised.
        await Parallel.ForEachAsync(
            HistoryChunkPlanner.Plan(window),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var key = Key(manifest, chunk);
                var name = BlobName(runId, key, chunk);
                var content = await store.GetAsync(name, ct)
                    ?? throw new InvalidOperationException($"The history chunk {name} ({chunk.Metric} {chunk.Start:O}–{chunk.End:O}) of this audit run is missing.");
                var blob = SeriesBlobCodec.Decode(content);
                if (blob.Key != key.Canonical)
                {
                    throw new InvalidOperationException($"The history chunk {name} holds another key than expected.");
                }

                // Offset of the chunk's first sample on the audit grid (negative when the chunk starts before the window).
                var offset = (int)((chunk.Start - window.Start).Ticks / TimeSpan.FromSeconds(step).Ticks);
                lock (assembled)
                {
                    foreach (var (id, values) in blob.Series)
                    {
                        if (!assembled.TryGetValue((chunk.Resource, id, chunk.Metric), out var target))
                        {
                            target = new double[samples];
                            Array.Fill(target, double.NaN);
                            assembled[(chunk.Resource, id, chunk.Metric)] = target;
                        }

                        var from = Math.Max(0, -offset);
                        var to = Math.Min(values.Length, samples - offset);
                        if (to > from)
                        {
                            Array.Copy(values, from, target, offset + from, to - from);
                        }
                    }
                }
            });

        var history = new MetricsHistory();
        foreach (var ((resource, id, metric), values) in assembled.OrderBy(kv => kv.Key.Item2, StringComparer.Ordinal))
        {
            history.Add(resource, id, metric, new RegularSeries(window.Start, TimeSpan.FromSeconds(step), values));
        }

        return history;
    }
}
