using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Watcher.Domain.Metrics.Storage;

/// <summary>
/// What one cached chunk of history is: one metric of a batch of resources of one kind, from one datasource, over
/// [<see cref="Start"/>, <see cref="End"/>) on the grid <see cref="Start"/> + i × <see cref="Step"/>. The blob name is a
/// hash of the canonical key, so any change (another source, resource set, range or granularity) is a different blob.
/// </summary>
public sealed record SeriesChunkKey(string Source, MetricResource Resource, string Metric, IReadOnlyList<string> ResourceIds, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)
{
    /// <summary>Samples per series: (End − Start) / Step.</summary>
    public int Samples => (int)((End - Start).Ticks / Step.Ticks);

    /// <summary>The full key as one string (what the hash is taken of; stored inside the blob).</summary>
    public string Canonical => string.Join(
        '|',
        Source,
        Resource.ToString().ToLowerInvariant(),
        Metric,
        Start.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        End.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ((long)Step.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        string.Join(',', ResourceIds));

    /// <summary>SHA-256 of <see cref="Canonical"/>, lower-case hex.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));

    /// <summary>The shared cache blob of this chunk (only for chunks entirely in the past).</summary>
    public string CacheBlobName => $"series/{Metric}/{Hash}.wts";

    /// <summary>A run-scoped blob of this chunk (for the open chunk that contains "now", which is never shared).</summary>
    public string RunBlobName(string runId) => $"runs/{runId}/{Metric}/{Hash}.wts";

    /// <summary>The key as blob metadata (the resource list only as count and hash: metadata is small).</summary>
    public IReadOnlyDictionary<string, string> Metadata() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["source"] = Source,
        ["resource_kind"] = Resource.ToString().ToLowerInvariant(),
        ["metric"] = Metric,
        ["start"] = Start.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["end"] = End.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["step_seconds"] = ((long)Step.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        ["resources"] = ResourceIds.Count.ToString(CultureInfo.InvariantCulture),
        ["resources_sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', ResourceIds)))),
    };
}
