namespace Watcher.Domain.Persistence;

/// <summary>A conditional write lost: another writer changed (or created) the document first.</summary>
public sealed class ConcurrencyConflictException(string collection, string id)
    : Exception($"Document {collection}/{id} was changed by another writer.");
