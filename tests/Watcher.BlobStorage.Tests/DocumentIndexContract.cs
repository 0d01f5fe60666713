using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage.Tests;

/// <summary>
/// The document index's query semantics and its consistency with the documents, run unchanged against each
/// implementation (in memory, and Azure Table + blobs on Azurite): paging, filters, deleted documents, markers, dirty
/// rows, concurrent writers, repair from documents, and the due index.
/// </summary>
public abstract class DocumentIndexContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty document store and index.</summary>
    protected abstract (IDocumentStore Documents, IDocumentIndex Index) NewStores();

    [Fact]
    public async Task PageAsync_DefaultOrder_PagesByCreatedAtThenUuid()
    {
        var (store, _) = NewIndexed();
        var uuids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var audit = NewAudit($"a{i}", T0.AddMinutes(i / 2));
            uuids.Add(audit.Uuid);
            await store.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);
        }

        var expected = uuids.Select((u, i) => (Key: IndexKeys.Of(T0.AddMinutes(i / 2), u), u)).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.u).ToList();
        var first = await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 3);
        var second = await store.PageAsync<Audit>(WatcherRepository.Audits, [], first!.Items[^1].Uuid, 3);
        var last = await store.PageAsync<Audit>(WatcherRepository.Audits, [], second!.Items[^1].Uuid, 3);

        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(last!.Items).Select(a => a.Uuid));
        Assert.True(first.More);
        Assert.True(second.More);
        Assert.False(last.More);
    }

    [Fact]
    public async Task PageAsync_Filters_MatchAnyFieldOfEachAndAllFilters()
    {
        var (store, _) = NewIndexed();
        await store.CreateAsync(WatcherRepository.Audits, "1", NewAudit("x", T0) with { Uuid = "1", GoalName = "g1", GoalUuid = "gu1", StrategyName = "s1" });
        await store.CreateAsync(WatcherRepository.Audits, "2", NewAudit("y", T0.AddSeconds(1)) with { Uuid = "2", GoalName = "g2", GoalUuid = "g1", StrategyName = "s1" });
        await store.CreateAsync(WatcherRepository.Audits, "3", NewAudit("z", T0.AddSeconds(2)) with { Uuid = "3", GoalName = "g1", GoalUuid = "gu1", StrategyName = "s2" });
        await store.CreateAsync(WatcherRepository.Audits, "4", NewAudit("w", T0.AddSeconds(3)) with { Uuid = "4", GoalName = "o'brien", GoalUuid = "gu4", StrategyName = "s1" });

        var goal = await store.PageAsync<Audit>(WatcherRepository.Audits, [new IndexFilter(["goal_name", "goal_uuid"], "g1")], null, 10);
        var both = await store.PageAsync<Audit>(WatcherRepository.Audits, [new IndexFilter(["goal_name", "goal_uuid"], "g1"), IndexFilter.On("strategy_name", "s1")], null, 10);
        var quoted = await store.PageAsync<Audit>(WatcherRepository.Audits, [IndexFilter.On("goal_name", "o'brien")], null, 10);

        Assert.Equal(["1", "2", "3"], goal!.Items.Select(a => a.Uuid));
        Assert.Equal(["1", "2"], both!.Items.Select(a => a.Uuid));
        Assert.Equal(["4"], quoted!.Items.Select(a => a.Uuid));
    }

    [Fact]
    public async Task PageAsync_SoftDeleted_LeavesTheListingAndIsNoMarker()
    {
        var (store, _) = NewIndexed();
        await store.CreateAsync(WatcherRepository.Audits, "1", NewAudit("x", T0) with { Uuid = "1" });
        await store.CreateAsync(WatcherRepository.Audits, "2", NewAudit("y", T0.AddSeconds(1)) with { Uuid = "2" });
        await store.UpdateAsync<Audit>(WatcherRepository.Audits, "1", a => a with { State = AuditState.Deleted });

        var page = await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10);

        Assert.Equal(["2"], page!.Items.Select(a => a.Uuid));
        Assert.Null(await store.PageAsync<Audit>(WatcherRepository.Audits, [], "1", 10));
        Assert.Null(await store.PageAsync<Audit>(WatcherRepository.Audits, [], "nope", 10));
        Assert.Null(await store.PageAsync<Audit>(WatcherRepository.Audits, [IndexFilter.On("goal_name", "other")], "2", 10));
    }

    [Fact]
    public async Task PageAsync_DocumentChangedBehindACleanRowsBack_DirtyRowShowsTheDocument()
    {
        // A writer that crashed after marking the row and writing the document, before completing the row.
        var (store, index) = NewIndexed();
        var audit = NewAudit("before", T0);
        await store.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);
        var key = IndexKeys.Of(T0, audit.Uuid);
        await index.MarkDirtyAsync(WatcherRepository.Audits, key, audit.Uuid, DateTimeOffset.UtcNow);
        await store.Inner.UpdateAsync<Audit>(WatcherRepository.Audits, audit.Uuid, a => a with { Name = "after", GoalName = "moved" });

        var all = await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10);
        var oldGoal = await store.PageAsync<Audit>(WatcherRepository.Audits, [IndexFilter.On("goal_name", "dummy")], null, 10);

        Assert.Equal("after", Assert.Single(all!.Items).Name);
        Assert.Empty(oldGoal!.Items);
    }

    [Fact]
    public async Task PageAsync_CreateCrashedBeforeTheDocument_ListsNothing()
    {
        var (store, index) = NewIndexed();
        await index.MarkDirtyAsync(WatcherRepository.Audits, IndexKeys.Of(T0, "ghost"), "ghost", DateTimeOffset.UtcNow);

        Assert.Empty((await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10))!.Items);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWriters_RowEndsWithTheLastDocument()
    {
        var (store, index) = NewIndexed();
        var audit = NewAudit("n", T0);
        await store.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            store.UpdateAsync<Audit>(WatcherRepository.Audits, audit.Uuid, a => a with { RunCount = a.RunCount + 1, Name = $"n{a.RunCount + 1}" }))));

        var doc = await store.GetAsync<Audit>(WatcherRepository.Audits, audit.Uuid);
        var row = await index.GetAsync(WatcherRepository.Audits, IndexKeys.Of(T0, audit.Uuid));
        var listed = Assert.Single((await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10))!.Items);
        Assert.Equal(12, doc!.Value.RunCount);
        Assert.Equal("n12", listed.Name);
        Assert.Equal("n12", row!.Fields["name"]);
        Assert.True(row.Dirty || row.Version == doc.ETag, "a clean row carries the document's ETag");
    }

    [Fact]
    public async Task RepairAsync_StoreWrittenWithoutIndex_BuildsRowsOnceAndIsIdempotent()
    {
        var (store, index) = NewIndexed();
        for (var i = 0; i < 5; i++)
        {
            var audit = NewAudit($"old{i}", T0.AddSeconds(i));
            await store.Inner.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);
        }

        var plan = new ActionPlan { Uuid = "p1", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", CreatedAt = T0 };
        await store.Inner.CreateAsync(WatcherRepository.ActionPlans, plan.Uuid, plan);
        Assert.Empty((await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10))!.Items);

        var repaired = await store.RepairAsync();
        var again = await store.RepairAsync();

        Assert.Equal(6, repaired);
        Assert.Equal(0, again);
        Assert.Equal(5, (await store.PageAsync<Audit>(WatcherRepository.Audits, [], null, 10))!.Items.Count);
        Assert.Equal(["p1"], (await store.PageAsync<ActionPlan>(WatcherRepository.ActionPlans, [IndexFilter.On("audit_uuid", "a")], null, 10))!.Items.Select(p => p.Uuid));
        Assert.NotNull(await index.GetAsync(WatcherRepository.ActionPlans, IndexKeys.Of(T0, "p1")));
    }

    [Fact]
    public async Task RepairAsync_StaleRow_ReplacedFromTheDocument()
    {
        var (store, index) = NewIndexed();
        var audit = NewAudit("before", T0);
        await store.CreateAsync(WatcherRepository.Audits, audit.Uuid, audit);
        await store.Inner.UpdateAsync<Audit>(WatcherRepository.Audits, audit.Uuid, a => a with { Name = "after" });

        Assert.Equal(1, await store.RepairAsync());
        Assert.Equal("after", (await index.GetAsync(WatcherRepository.Audits, IndexKeys.Of(T0, audit.Uuid)))!.Fields["name"]);
    }

    [Fact]
    public async Task DueAsync_ContinuousAudits_ReturnsOnlyThoseDueAndDropsStaleDueRows()
    {
        var (store, index) = NewIndexed();
        var now = T0.AddHours(1);
        var due = NewAudit("due", T0) with { AuditType = AuditType.Continuous, NextRunTime = now.AddSeconds(-5) };
        var later = NewAudit("later", T0) with { AuditType = AuditType.Continuous, NextRunTime = now.AddMinutes(5) };
        var oneshot = NewAudit("oneshot", T0) with { NextRunTime = now.AddMinutes(-5) };
        var cancelled = NewAudit("cancelled", T0) with { AuditType = AuditType.Continuous, NextRunTime = now.AddMinutes(-5) };
        foreach (var a in new[] { due, later, oneshot, cancelled })
        {
            await store.CreateAsync(WatcherRepository.Audits, a.Uuid, a);
        }

        await store.UpdateAsync<Audit>(WatcherRepository.Audits, cancelled.Uuid, a => a with { State = AuditState.Cancelled });

        var found = await store.DueAsync<Audit>(WatcherRepository.Audits, now);
        await store.UpdateAsync<Audit>(WatcherRepository.Audits, due.Uuid, a => a with { NextRunTime = now.AddMinutes(10) });
        var afterClaim = await store.DueAsync<Audit>(WatcherRepository.Audits, now);

        Assert.Equal([due.Uuid], found.Select(a => a.Uuid));
        Assert.Empty(afterClaim);
        Assert.Null(await index.GetAsync(WatcherRepository.Audits + ".due", IndexKeys.Of(now.AddSeconds(-5), due.Uuid)));
        Assert.Null(await index.GetAsync(WatcherRepository.Audits + ".due", IndexKeys.Of(now.AddMinutes(-5), cancelled.Uuid)));
        Assert.Equal([later.Uuid, due.Uuid], (await store.DueAsync<Audit>(WatcherRepository.Audits, now.AddMinutes(11))).Select(a => a.Uuid));
    }

    [Fact]
    public async Task TryWriteAsync_ETagConditions_InsertOnlyAndReplaceIfMatch()
    {
        var (_, index) = NewStores();
        var row = new IndexRow { Partition = "audits", Key = IndexKeys.Of(T0, "1"), Id = "1", Fields = new Dictionary<string, string> { ["name"] = "a" } };

        Assert.NotNull(await index.TryWriteAsync(row, null));
        Assert.Null(await index.TryWriteAsync(row, null));
        var stored = await index.GetAsync("audits", row.Key);
        var mark = await index.MarkDirtyAsync("audits", row.Key, "1", T0);
        var marked = await index.GetAsync("audits", row.Key);
        Assert.Null(await index.TryWriteAsync(row, stored!.ETag));
        Assert.True(marked!.Dirty);
        Assert.Equal("a", marked.Fields["name"]);
        Assert.NotNull(await index.TryWriteAsync(row with { Version = "v" }, mark));
        Assert.False(await index.TryDeleteAsync("audits", row.Key, mark));
        Assert.True(await index.TryDeleteAsync("audits", row.Key, (await index.GetAsync("audits", row.Key))!.ETag!));
        Assert.Null(await index.GetAsync("audits", row.Key));
    }

    [Fact]
    public async Task TryWriteAsync_Written_ReturnsTheRowsStoredETag()
    {
        var (_, index) = NewStores();
        var row = new IndexRow { Partition = "audits", Key = IndexKeys.Of(T0, "1"), Id = "1" };

        var inserted = await index.TryWriteAsync(row, null);
        var afterInsert = (await index.GetAsync("audits", row.Key))!.ETag;
        var replaced = await index.TryWriteAsync(row with { Version = "v2" }, inserted);
        var afterReplace = (await index.GetAsync("audits", row.Key))!.ETag;
        var upserted = await index.UpsertAsync(row with { Version = "v3" });
        var afterUpsert = (await index.GetAsync("audits", row.Key))!.ETag;

        Assert.Equal(afterInsert, inserted);
        Assert.Equal(afterReplace, replaced);
        Assert.Equal(afterUpsert, upserted);
        Assert.True(await index.TryDeleteAsync("audits", row.Key, upserted));
    }

    private (IndexedDocumentStore Store, IDocumentIndex Index) NewIndexed()
    {
        var (documents, index) = NewStores();
        return (new IndexedDocumentStore(documents, index), index);
    }

    private static Audit NewAudit(string name, DateTimeOffset createdAt) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Name = name,
        GoalUuid = "dummy",
        GoalName = "dummy",
        StrategyUuid = "dummy",
        StrategyName = "dummy",
        CreatedAt = createdAt,
    };
}
