using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.Application.Tests;

/// <summary>
/// The reconciler tests on the indexed store, and a pass's cost: it finds the records in flight through the index, so
/// it neither lists a collection nor reads the terminal records, however many are stored.
/// </summary>
public sealed class IndexedReconcilerTests : ReconcilerTests
{
    private readonly CountingStore _documents = new(new InMemoryDocumentStore());

    protected override IDocumentStore? Store => new IndexedDocumentStore(_documents, new InMemoryDocumentIndex());

    [Fact]
    public async Task RunOnce_ManyTerminalRecordsAndOneOrphan_ListsNoCollectionAndReadsOnlyTheOrphan()
    {
        var now = Time.GetUtcNow();
        for (var i = 0; i < 200; i++)
        {
            await Repository.CreateAuditAsync(new Audit
            {
                Uuid = $"done-{i}", Name = $"done-{i}", AuditType = AuditType.Oneshot, State = AuditState.Succeeded, GoalUuid = "g", GoalName = "dummy",
                StrategyUuid = "s", StrategyName = "dummy", RunCount = 1, CreatedAt = now,
            });
            await Repository.CreatePlanAsync(new ActionPlan { Uuid = $"plan-{i}", AuditUuid = $"done-{i}", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.Succeeded, CreatedAt = now });
        }

        await Repository.CreatePlanAsync(new ActionPlan { Uuid = "orphan", AuditUuid = "done-0", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.Cancelling, CreatedAt = now });
        Time.Advance(TimeSpan.FromMinutes(5));
        var (lists, gets) = (_documents.Lists, _documents.Gets);

        Assert.Empty((await Reconciler.RunOnceAsync()).Repairs);
        Time.Advance(TimeSpan.FromSeconds(90));
        var report = await Reconciler.RunOnceAsync();

        Assert.Equal(0, _documents.Lists - lists);
        // Per pass, the orphan is read twice (the record, then again before its repair), and once more to finish it.
        Assert.True(_documents.Gets - gets <= 8, $"{_documents.Gets - gets} document reads in two passes over 401 stored records with one orphan");
        Assert.Contains("orphan", Assert.Single(report.Repairs), StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.Cancelled, (await Repository.GetPlanAsync("orphan")).State);
    }
}
