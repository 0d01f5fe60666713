using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Testing;

namespace Watcher.Application.Tests;

/// <summary>
/// The reconciler journals a repair before it saves it, so a reader who sees the repaired state finds the repair's
/// <c>plan_reconciled</c> line; a pass whose state write failed leaves the line for the next pass, which does not
/// repeat it; and a repair that found the plan changed meanwhile is journalled as withdrawn.
/// </summary>
public sealed class ReconcilerJournalTests : IDisposable
{
    private readonly FakeWorkflowEngine _engine = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly WriteOrderDocumentStore _store = new(new InMemoryDocumentStore());
    private readonly ServiceProvider _services;

    public ReconcilerJournalTests() =>
        _services = ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(_engine).AddSingleton<TimeProvider>(_time).AddSingleton<IDocumentStore>(_store));

    private WatcherRepository Repository => _services.GetRequiredService<WatcherRepository>();

    private Reconciler Reconciler => _services.GetRequiredService<Reconciler>();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(ActionPlanState.Ongoing, "FAILED")]
    [InlineData(ActionPlanState.Cancelling, "CANCELLED")]
    [InlineData(ActionPlanState.RollingBack, "ROLLBACK_FAILED")]
    public async Task RunOnce_PlanLeftBehind_JournalsTheRepairBeforeSavingIt(ActionPlanState left, string repaired)
    {
        await Repository.CreatePlanAsync(Plan(left));
        _time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        Assert.Equal(repaired, StateMachine<ActionPlanState>.Name((await Repository.GetPlanAsync("p")).State));
        var writes = _store.Writes.ToList();
        var journalled = writes.IndexOf("journal:" + Reconciler.Journalled);
        var saved = writes.IndexOf("state:" + repaired);
        Assert.True(journalled >= 0 && journalled < saved, $"plan_reconciled must be journalled before the state is saved; writes: {string.Join(", ", writes)}");
    }

    [Fact]
    public async Task RunOnce_StateWriteFailedInOnePass_NextPassRepairsWithoutASecondLine()
    {
        await Repository.CreatePlanAsync(Plan(ActionPlanState.Ongoing));
        _time.Advance(TimeSpan.FromMinutes(2));
        _store.BeforeWrite = WriteOrderDocumentStore.FailOnce("state:FAILED");

        await ReconcileAsync();
        Assert.Equal(ActionPlanState.Ongoing, (await Repository.GetPlanAsync("p")).State);
        await ReconcileAsync();

        var plan = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Failed, plan.State);
        var line = Assert.Single(await Repository.ReadJournalAsync("p"), e => e.Event == Reconciler.Journalled);
        Assert.Equal($"ONGOING -> FAILED: {plan.StatusMessage}", line.Detail);
    }

    [Fact]
    public async Task RunOnce_PlanChangedBetweenTheLineAndTheWrite_RepairNotAppliedAndJournalledAsWithdrawn()
    {
        await Repository.CreatePlanAsync(Plan(ActionPlanState.Cancelling));
        _time.Advance(TimeSpan.FromMinutes(2));
        // The plan's own workflow ends it while the reconciler journals its repair.
        var raced = 0;
        _store.BeforeWrite = async write =>
        {
            if (write == "journal:" + Reconciler.Journalled && Interlocked.Exchange(ref raced, 1) == 0)
            {
                _store.BeforeWrite = null;
                await Repository.UpdatePlanAsync("p", p => p.Finish(ActionPlanState.Cancelled, "Cancelled by request.", null, _time.GetUtcNow()));
            }
        };

        await ReconcileAsync();

        var plan = await Repository.GetPlanAsync("p");
        Assert.Equal("Cancelled by request.", plan.StatusMessage);
        var journal = await Repository.ReadJournalAsync("p");
        Assert.Equal([Reconciler.Journalled, Reconciler.Withdrawn], journal.Select(e => e.Event));
    }

    private async Task ReconcileAsync()
    {
        // A left-behind record is repaired once this process has seen it for the grace period.
        await Reconciler.RunOnceAsync();
        _time.Advance(TimeSpan.FromSeconds(90));
        await Reconciler.RunOnceAsync();
    }

    private ActionPlan Plan(ActionPlanState state) => new()
    {
        Uuid = "p", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = state, RollbackCount = state == ActionPlanState.RollingBack ? 1 : 0,
        UpdatedAt = _time.GetUtcNow(),
        Actions = [new WatcherAction { Uuid = "x", ActionPlanUuid = "p", ActionType = "nop", State = state == ActionPlanState.RollingBack ? ActionState.Succeeded : ActionState.Pending }],
    };
}
