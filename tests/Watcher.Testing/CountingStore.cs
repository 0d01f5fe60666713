using Watcher.Domain.Persistence;

namespace Watcher.Testing;

/// <summary>Counts reads and listings of the store it wraps (under an index, say), so a test can say what an operation read.</summary>
public sealed class CountingStore(IDocumentStore inner) : IDocumentStore
{
    private int _gets;
    private int _lists;

    public int Gets => _gets;

    public int Lists => _lists;

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync<T>(collection, id, cancellationToken);
    }

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default) => inner.CreateAsync(collection, id, document, cancellationToken);

    public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default) => inner.ReplaceAsync(collection, id, document, etag, cancellationToken);

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync<T>(collection, cancellationToken);
    }

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default) => inner.AppendAsync(journal, line, cancellationToken);

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) => inner.ReadJournalAsync(journal, cancellationToken);
}
