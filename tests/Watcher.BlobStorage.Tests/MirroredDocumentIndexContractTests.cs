using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>The index contract through the in-process copy of the index, over the in-memory index.</summary>
public sealed class MirroredInMemoryDocumentIndexTests : DocumentIndexContract
{
    protected override (IDocumentStore Documents, IDocumentIndex Index) NewStores() =>
        (new InMemoryDocumentStore(), new MirroredDocumentIndex(new InMemoryDocumentIndex()));
}
