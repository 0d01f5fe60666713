using Watcher.Domain.Metrics;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// Cuts an audit's history window into chunks: for each metric, the resources of its kind in batches of
/// <see cref="HistoryWindow.ResourcesPerChunk"/>, × time chunks of <see cref="HistoryWindow.ChunkSeconds"/> aligned to the
/// Unix epoch (so two runs over overlapping periods produce the same chunks and share cached blobs). A chunk is
/// always whole, even where the window starts inside it; only the last one, cut at the window's end, is left partial
/// and is not cacheable. Pure and deterministic: the orchestrator calls it.
/// </summary>
public static class HistoryChunkPlanner
{
    /// <summary>Whether a metric describes hosts (Watcher's <c>host_</c> prefix) or instances.</summary>
    public static MetricResource ResourceOf(string metric) =>
        metric.StartsWith("host_", StringComparison.Ordinal) ? MetricResource.Host : MetricResource.Instance;

    /// <summary>The chunk length actually used: the configured length rounded down to whole steps, at least one step.</summary>
    public static long ChunkSeconds(HistoryWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Math.Max(1, window.ChunkSeconds / window.StepSeconds) * window.StepSeconds;
    }

    public static IReadOnlyList<HistoryChunk> Plan(HistoryWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.StepSeconds <= 0 || window.End <= window.Start || window.ResourcesPerChunk < 1)
        {
            return [];
        }

        var chunkSeconds = ChunkSeconds(window);
        var start = window.Start.ToUnixTimeSeconds();
        var end = window.End.ToUnixTimeSeconds();
        var chunks = new List<HistoryChunk>();
        foreach (var metric in window.Metrics.Distinct(StringComparer.Ordinal))
        {
            var resource = ResourceOf(metric);
            var total = resource == MetricResource.Host ? window.Hosts : window.Instances;
            for (var first = 0; first < total; first += window.ResourcesPerChunk)
            {
                var count = Math.Min(window.ResourcesPerChunk, total - first);
                for (var chunkStart = FloorTo(start, chunkSeconds); chunkStart < end; chunkStart += chunkSeconds)
                {
                    var chunkEnd = Math.Min(chunkStart + chunkSeconds, end);
                    chunks.Add(new HistoryChunk(
                        metric,
                        resource,
                        first,
                        count,
                        DateTimeOffset.FromUnixTimeSeconds(chunkStart),
                        DateTimeOffset.FromUnixTimeSeconds(chunkEnd),
                        window.StepSeconds,
                        Cacheable: chunkEnd == chunkStart + chunkSeconds));
                }
            }
        }

        return chunks;
    }

    /// <summary>Largest multiple of <paramref name="unit"/> not above <paramref name="value"/> (also for negative values).</summary>
    internal static long FloorTo(long value, long unit) => (long)Math.Floor((double)value / unit) * unit;
}
