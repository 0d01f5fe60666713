using Azure.Data.Tables;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>
/// The index contract through the in-process copy of an Azure table on Azurite; the table's change feed (by the
/// service's Timestamp); and two copies of one table, as two replicas hold them, seeing each other's writes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MirroredTableDocumentIndexTests(AzuriteFixture azurite) : DocumentIndexContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ChangesAsync_Since_OnlyRowsWrittenAtOrAfterAndANextThatMissesNothing()
    {
        var table = NewTable();
        await table.UpsertAsync(Row("old", "a"));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var first = await table.ChangesAsync("audits", null);
        await table.UpsertAsync(Row("new", "b"));

        var changes = await table.ChangesAsync("audits", first.Next);
        var after = await table.ChangesAsync("audits", changes.Next);

        Assert.Equal(["old"], first.Rows.Select(r => r.Id));
        Assert.Equal(["new"], changes.Rows.Select(r => r.Id));
        Assert.InRange(first.Next, first.Rows[0].ChangedAt!.Value.AddSeconds(0.3), first.Rows[0].ChangedAt!.Value.AddSeconds(3.5));
        Assert.Equal(["new"], after.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task QueryAsync_TwoReplicas_EachSeesTheOthersWritesWithinMaxStaleness()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        var options = new IndexMirrorOptions { MaxStaleness = TimeSpan.FromSeconds(1) };
        var a = new MirroredDocumentIndex(new TableDocumentIndex(azurite.ConnectionString, name), options);
        var b = new MirroredDocumentIndex(new TableDocumentIndex(azurite.ConnectionString, name), options);
        Assert.Empty(await IdsAsync(a));
        Assert.Empty(await IdsAsync(b));

        await a.UpsertAsync(Row("1", "from a"));
        var seenByA = await IdsAsync(a);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var seenByB = await IdsAsync(b);
        var row = (await Rows(b)).Single();
        Assert.NotNull(await b.TryWriteAsync(Row("1", "from b"), row.ETag));
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(["1"], seenByA);
        Assert.Equal(["1"], seenByB);
        Assert.Equal("from b", (await Rows(a)).Single().Fields["name"]);
    }

    protected override (IDocumentStore Documents, IDocumentIndex Index) NewStores()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        return (new BlobDocumentStore(azurite.ConnectionString, name), new MirroredDocumentIndex(new TableDocumentIndex(azurite.ConnectionString, name)));
    }

    private TableDocumentIndex NewTable() => new(new TableClient(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N")));

    private static IndexRow Row(string id, string name) =>
        new() { Partition = "audits", Key = IndexKeys.Of(T0, id), Id = id, Fields = new Dictionary<string, string> { ["name"] = name } };

    private static async Task<List<IndexRow>> Rows(IDocumentIndex index)
    {
        var rows = new List<IndexRow>();
        await foreach (var row in index.QueryAsync(new IndexQuery("audits")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<string>> IdsAsync(IDocumentIndex index) => (await Rows(index)).Select(r => r.Id).ToList();
}
