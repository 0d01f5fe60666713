using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>The index contract on the in-memory store and index.</summary>
public sealed class InMemoryDocumentIndexTests : DocumentIndexContract
{
    protected override (IDocumentStore Documents, IDocumentIndex Index) NewStores() => (new InMemoryDocumentStore(), new InMemoryDocumentIndex());
}
