using System.Collections.Concurrent;
using Watcher.Domain.Json;

namespace Watcher.Domain.Persistence;

/// <summary>A process-local <see cref="IDocumentStore"/> with the same ETag semantics as the blob store; for unit tests and the CLI.</summary>
public sealed class InMemoryDocumentStore : IDocumentStore, IDocumentVersions
{
    private readonly ConcurrentDictionary<(string, string), (string Json, string ETag)> _documents = new();
    private readonly ConcurrentDictionary<string, List<string>> _journals = new();
    private long _version;

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryGetValue((collection, id), out var entry)
            ? new Versioned<T>(WatcherJson.Deserialize<T>(entry.Json), entry.ETag)
            : null);

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default)
    {
        var etag = NextETag();
        if (!_documents.TryAdd((collection, id), (WatcherJson.Serialize(document), etag)))
        {
            throw new ConcurrencyConflictException(collection, id);
        }

        return Task.FromResult(etag);
    }

    public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        var key = (collection, id);
        if (!_documents.TryGetValue(key, out var current) || current.ETag != etag)
        {
            throw new ConcurrencyConflictException(collection, id);
        }

        var next = NextETag();
        if (!_documents.TryUpdate(key, (WatcherJson.Serialize(document), next), current))
        {
            throw new ConcurrencyConflictException(collection, id);
        }

        return Task.FromResult(next);
    }

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Versioned<T>> result = _documents
            .Where(kv => kv.Key.Item1 == collection)
            .OrderBy(kv => kv.Key.Item2, StringComparer.Ordinal)
            .Select(kv => new Versioned<T>(WatcherJson.Deserialize<T>(kv.Value.Json), kv.Value.ETag))
            .ToList();
        return Task.FromResult(result);
    }

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default)
    {
        var lines = _journals.GetOrAdd(journal, _ => []);
        lock (lines)
        {
            lines.Add(line);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default)
    {
        if (!_journals.TryGetValue(journal, out var lines))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        lock (lines)
        {
            return Task.FromResult<IReadOnlyList<string>>(lines.ToList());
        }
    }

    public Task<string?> GetVersionAsync(string collection, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryGetValue((collection, id), out var entry) ? entry.ETag : null);

    public async IAsyncEnumerable<(string Id, string ETag)> ListVersionsAsync(string collection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var ((c, id), entry) in _documents.ToArray())
        {
            if (c == collection)
            {
                yield return (id, entry.ETag);
            }
        }

        await Task.CompletedTask;
    }

    private string NextETag() => "\"" + Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
}
