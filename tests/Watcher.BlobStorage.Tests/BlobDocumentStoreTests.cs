using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>The blob store never loses a concurrent writer's change (ETag-conditional writes on Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDocumentStoreTests(AzuriteFixture azurite)
{
    private BlobDocumentStore NewStore() => new(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task CreateAsync_Existing_ThrowsConflict()
    {
        var store = NewStore();
        await store.CreateAsync("c", "1", new Counter(0));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CreateAsync("c", "1", new Counter(5)));
        Assert.Equal(0, (await store.GetAsync<Counter>("c", "1"))!.Value.Value);
    }

    [Fact]
    public async Task ReplaceAsync_StaleETag_ThrowsConflictAndKeepsNewerValue()
    {
        var store = NewStore();
        var etag = await store.CreateAsync("c", "1", new Counter(0));
        await store.ReplaceAsync("c", "1", new Counter(1), etag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.ReplaceAsync("c", "1", new Counter(2), etag));
        Assert.Equal(1, (await store.GetAsync<Counter>("c", "1"))!.Value.Value);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWriters_NoIncrementLost()
    {
        var store = NewStore();
        await store.CreateAsync("c", "1", new Counter(0));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.UpdateAsync<Counter>("c", "1", c => c with { Value = c.Value + 1 }))));

        Assert.Equal(16, (await store.GetAsync<Counter>("c", "1"))!.Value.Value);
    }

    [Fact]
    public async Task AppendAsync_Journal_KeepsLinesInOrder()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync("j", $"line {i}");
        }

        Assert.Equal(["line 0", "line 1", "line 2", "line 3", "line 4"], await store.ReadJournalAsync("j"));
    }

    /// <summary>A tiny document for the tests.</summary>
    public sealed record Counter(int Value);
}
