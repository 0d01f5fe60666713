namespace Watcher.Domain.Persistence;

/// <summary>
/// Stores JSON documents by collection and id with optimistic concurrency, plus append-only journals.
/// Implementations must never overwrite another writer's change: every replace quotes an ETag.
/// </summary>
public interface IDocumentStore
{
    Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a document; throws <see cref="ConcurrencyConflictException"/> if it already exists.</summary>
    Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document if its ETag still matches; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default);

    /// <summary>Appends one line to a journal, creating it if needed. Appends are atomic per line.</summary>
    Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default);
}
