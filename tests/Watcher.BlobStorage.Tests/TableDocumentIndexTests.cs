using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>The same index contract on blobs and an Azure table, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableDocumentIndexTests(AzuriteFixture azurite) : DocumentIndexContract
{
    protected override (IDocumentStore Documents, IDocumentIndex Index) NewStores()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        return (new BlobDocumentStore(azurite.ConnectionString, name), new TableDocumentIndex(azurite.ConnectionString, name));
    }
}
