namespace Watcher.Domain.Persistence;

/// <summary>
/// An index that can find a document's row by its id without a query (<see cref="MirroredDocumentIndex"/> keeps the map
/// in memory). <see cref="IndexedDocumentStore"/> uses it to resolve a page's marker without reading the marker's document.
/// </summary>
public interface IIndexRowLookup
{
    /// <summary>The row of document <paramref name="id"/> in <paramref name="partition"/>, as fresh as a query's, or null when there is none.</summary>
    Task<IndexRow?> FindByIdAsync(string partition, string id, CancellationToken cancellationToken = default);
}
