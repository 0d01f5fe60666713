namespace Watcher.Domain.Persistence;

/// <summary>
/// Optional capability of a document store: documents' ETags without their bodies (a blob listing or a HEAD), so that
/// index verification and repair read only the documents whose rows disagree.
/// </summary>
public interface IDocumentVersions
{
    /// <summary>The document's current ETag, or null when it does not exist.</summary>
    Task<string?> GetVersionAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>Every document id of the collection with its ETag.</summary>
    IAsyncEnumerable<(string Id, string ETag)> ListVersionsAsync(string collection, CancellationToken cancellationToken = default);
}
