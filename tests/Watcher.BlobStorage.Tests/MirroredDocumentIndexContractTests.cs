using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.BlobStorage.Tests;

/// <summary>The index contract through the in-process copy of the index, over the in-memory index.</summary>
public sealed class MirroredInMemoryDocumentIndexTests : DocumentIndexContract
{
    protected override (IDocumentStore Documents, IDocumentIndex Index) NewStores() =>
        (new InMemoryDocumentStore(), new MirroredDocumentIndex(new InMemoryDocumentIndex()));

    [Fact]
    public async Task PageAsync_MarkerInTheCopy_ResolvedWithoutReadingADocument()
    {
        var documents = new CountingStore(new InMemoryDocumentStore());
        var store = new IndexedDocumentStore(documents, new MirroredDocumentIndex(new InMemoryDocumentIndex()));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            var audit = new Audit { Uuid = $"a{i}", Name = $"a{i}", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", CreatedAt = t0.AddMinutes(i) };
            await store.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);
        }

        var gets = documents.Gets;
        var page = await store.PageAsync<Audit>(WatcherRepository.Audits, [], "a1", 2);
        var filteredOut = await store.PageAsync<Audit>(WatcherRepository.Audits, [IndexFilter.On("name", "a3")], "a1", 2);

        Assert.Equal(["a2", "a3"], page!.Items.Select(a => a.Uuid));
        Assert.True(page.More);
        Assert.Null(filteredOut);
        Assert.Equal(gets, documents.Gets);
    }

    [Fact]
    public async Task FindAuditUuidAsync_ThroughTheCopy_UuidOrNameWithoutReadingADocumentAndNothingForDeleted()
    {
        var documents = new CountingStore(new InMemoryDocumentStore());
        var repository = new WatcherRepository(new IndexedDocumentStore(documents, new MirroredDocumentIndex(new InMemoryDocumentIndex())));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await repository.CreateAuditAsync(new Audit { Uuid = "u1", Name = "first", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", CreatedAt = t0 });
        await repository.CreateAuditAsync(new Audit { Uuid = "u2", Name = "second", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = "s", CreatedAt = t0 });
        await repository.UpdateAuditAsync("u2", a => a with { State = Domain.Lifecycle.AuditState.Deleted });
        await repository.FindAuditUuidAsync("warm-up");
        var gets = documents.Gets;

        var byUuid = await repository.FindAuditUuidAsync("u1");
        var byName = await repository.FindAuditUuidAsync("first");
        var deleted = await repository.FindAuditUuidAsync("u2");
        var deletedByName = await repository.FindAuditUuidAsync("second");

        Assert.Equal("u1", byUuid);
        Assert.Equal("u1", byName);
        Assert.Null(deleted);
        Assert.Null(deletedByName);
        Assert.Equal(2, documents.Gets - gets); // a name is tried as a uuid first: one document read for each name
    }
}
