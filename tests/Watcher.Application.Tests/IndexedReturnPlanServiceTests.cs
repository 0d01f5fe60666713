using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Services;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.Application.Tests;

/// <summary>The return plan tests on the indexed store, and their cost: they read the index, not every plan.</summary>
public sealed class IndexedReturnPlanServiceTests : ReturnPlanServiceTests
{
    private readonly CountingStore _documents = new(new InMemoryDocumentStore());

    protected override IDocumentStore? Store => new IndexedDocumentStore(_documents, new InMemoryDocumentIndex());

    [Fact]
    public async Task RunAutomaticReturns_ManyOtherPlans_ListsNoCollectionAndReadsAFewDocuments()
    {
        using var services = Services();
        var (maintenance, after) = await MaintainedAsync(services, autoReturn: true, autoTrigger: false);
        var repository = services.GetRequiredService<WatcherRepository>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 200; i++)
        {
            await repository.CreatePlanAsync(new ActionPlan { Uuid = $"other-{i}", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", CreatedAt = now.AddSeconds(i) });
        }

        var returns = services.GetRequiredService<ReturnPlanService>();
        var (lists, gets) = (_documents.Lists, _documents.Gets);
        var waiting = await returns.RunAutomaticReturnsAsync();
        var checkLists = _documents.Lists - lists;
        var checkGets = _documents.Gets - gets;

        await ReenableAsync(services, after);
        var back = await returns.RunAutomaticReturnsAsync();

        Assert.True(waiting.IsEmpty);
        Assert.Equal(0, checkLists);
        Assert.True(checkGets <= 5, $"{checkGets} document reads for one maintenance plan among 201 plans");
        Assert.Equal(maintenance.Uuid, (await repository.GetPlanAsync(Assert.Single(back.Created))).ReturnOf);
    }

    [Fact]
    public async Task Create_ManyPlansFinishedBeforeTheMaintenance_ReadsOnlyThePlansThatCanHaveActedSince()
    {
        using var services = Services();
        var (maintenance, _) = await MaintainedAsync(services, autoReturn: false, autoTrigger: false);
        var repository = services.GetRequiredService<WatcherRepository>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 200; i++)
        {
            await repository.CreatePlanAsync(OtherPlan($"old-{i}", now.AddDays(-2).AddSeconds(i), now.AddDays(-1), movedInstance: "uuid-x"));
        }

        await repository.CreatePlanAsync(OtherPlan("started-before-finished-after", now.AddDays(-2), now.AddMinutes(-1), movedInstance: "uuid-i1"));
        var (lists, gets) = (_documents.Lists, _documents.Gets);

        var plan = await services.GetRequiredService<ReturnPlanService>().CreateAsync(maintenance.Uuid);
        var createLists = _documents.Lists - lists;
        var createGets = _documents.Gets - gets;

        Assert.Equal(0, createLists);
        Assert.True(createGets <= 10, $"{createGets} document reads for one maintenance plan among 202 plans");
        Assert.Contains(plan.Warnings, w => w.Contains("newer action plan started-before-finished-after", StringComparison.Ordinal));
    }
}
