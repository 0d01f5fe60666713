using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Domain.Tests.Persistence;

/// <summary>
/// <see cref="WatcherRepository.ListPlansActingSinceAsync"/>: the plans a return plan must know about, on the plain
/// store and through the index alike.
/// </summary>
public sealed class PlansActingSinceTests
{
    private static readonly DateTimeOffset Since = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<bool> Stores => new() { false, true };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ListPlansActingSinceAsync_MixedPlans_ChoosesThoseThatCanHaveActedSinceAndEveryReturnPlan(bool indexed)
    {
        var repository = new WatcherRepository(indexed ? new IndexedDocumentStore(new InMemoryDocumentStore(), new InMemoryDocumentIndex()) : new InMemoryDocumentStore());
        var before = Since.AddDays(-1);
        var after = Since.AddMinutes(1);
        await repository.CreatePlanAsync(Plan("finished-before", ActionPlanState.Succeeded, before, before));
        await repository.CreatePlanAsync(Plan("never-started-before", ActionPlanState.Recommended, before, null));
        await repository.CreatePlanAsync(Plan("rolled-back-before", ActionPlanState.RolledBack, before, before));
        await repository.CreatePlanAsync(Plan("made-before-finished-after", ActionPlanState.Succeeded, before, after));
        await repository.CreatePlanAsync(Plan("made-before-still-running", ActionPlanState.Ongoing, before, before));
        await repository.CreatePlanAsync(Plan("made-before-still-cancelling", ActionPlanState.Cancelling, before, before));
        await repository.CreatePlanAsync(Plan("made-after", ActionPlanState.Recommended, after, null));
        await repository.CreatePlanAsync(Plan("deleted-after", ActionPlanState.Deleted, before, after));
        await repository.CreatePlanAsync(Plan("old-return", ActionPlanState.Deleted, before, before) with { ReturnOf = "maintenance" });

        var chosen = await repository.ListPlansActingSinceAsync(Since);

        string[] expected = ["made-after", "made-before-finished-after", "made-before-still-cancelling", "made-before-still-running", "old-return"];
        Assert.Equal(expected, chosen.Select(p => p.Uuid).Order(StringComparer.Ordinal));
        Assert.All(chosen, p => Assert.Single(p.Actions));
    }

    private static ActionPlan Plan(string uuid, ActionPlanState state, DateTimeOffset createdAt, DateTimeOffset? updatedAt) => new()
    {
        Uuid = uuid, AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = state, CreatedAt = createdAt, UpdatedAt = updatedAt,
        Actions = [new WatcherAction { Uuid = uuid + "-1", ActionPlanUuid = uuid, ActionType = "nop", CreatedAt = createdAt }],
    };
}
