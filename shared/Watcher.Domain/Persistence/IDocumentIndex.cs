namespace Watcher.Domain.Persistence;

/// <summary>
/// The port of the document index: rows (<see cref="IndexRow"/>) in partitions, ordered by key, with their own ETags for
/// conditional writes. <see cref="IndexedDocumentStore"/> keeps it consistent with the documents; implementations are
/// <see cref="InMemoryDocumentIndex"/> and the Azure Table one (Watcher.BlobStorage).
/// </summary>
public interface IDocumentIndex
{
    /// <summary>Marks a row dirty (creating it, with only its id, when missing) and keeps its other fields; returns the row's new ETag.</summary>
    Task<string> MarkDirtyAsync(string partition, string key, string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the row when its ETag is still <paramref name="ifMatch"/>, or inserts it when <paramref name="ifMatch"/> is
    /// null and it is absent; returns the row's new ETag, or null when that condition fails.
    /// </summary>
    Task<string?> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the row unconditionally; returns its new ETag.</summary>
    Task<string> UpsertAsync(IndexRow row, CancellationToken cancellationToken = default);

    /// <summary>Deletes the row when its ETag is still <paramref name="ifMatch"/>; false when it changed or is gone.</summary>
    Task<bool> TryDeleteAsync(string partition, string key, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The row, with its ETag, or null.</summary>
    Task<IndexRow?> GetAsync(string partition, string key, CancellationToken cancellationToken = default);

    /// <summary>The rows <paramref name="query"/> selects, in ascending key order, fetched lazily page by page.</summary>
    IAsyncEnumerable<IndexRow> QueryAsync(IndexQuery query, CancellationToken cancellationToken = default);
}
