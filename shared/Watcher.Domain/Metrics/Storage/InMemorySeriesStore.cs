using System.Collections.Concurrent;

namespace Watcher.Domain.Metrics.Storage;

/// <summary>A process-local <see cref="ISeriesStore"/>: the default when no blob storage is configured, and for tests.</summary>
public sealed class InMemorySeriesStore : ISeriesStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, IReadOnlyDictionary<string, string> Metadata)> _blobs = new(StringComparer.Ordinal);

    /// <summary>Number of blobs held.</summary>
    public int Count => _blobs.Count;

    /// <summary>Names of the blobs held, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _blobs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The metadata written with a blob, or null.</summary>
    public IReadOnlyDictionary<string, string>? Metadata(string name) => _blobs.TryGetValue(name, out var blob) ? blob.Metadata : null;

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(_blobs.ContainsKey(name));

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.TryGetValue(name, out var blob) ? blob.Content : null);

    public Task PutAsync(string name, byte[] content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        _blobs[name] = (content, new Dictionary<string, string>(metadata, StringComparer.Ordinal));
        return Task.CompletedTask;
    }
}
