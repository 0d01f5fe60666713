using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;
using Watcher.Simulator;
using Watcher.Testing;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// A plan's final state becomes visible only once its journal is complete: FinishPlan and FinishRollback journal
/// before they save the state (three integration tests once read SUCCEEDED with no <c>plan_finished</c> yet), and a
/// retry after a failed write (the bookkeeping policy retries storage failures for minutes) neither loses nor repeats
/// a line.
/// </summary>
public sealed class JournalBeforeStateTests : IDisposable
{
    private readonly WriteOrderDocumentStore _store = new(new InMemoryDocumentStore());
    private readonly ServiceProvider _services;

    public JournalBeforeStateTests()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<IDocumentStore>(_store)
            .AddSingleton(new SimulatorOptions { Hosts = 2, Instances = 2, Seed = 1 })
            .AddWatcherApplication();
        services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
        services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
        _services = services.BuildServiceProvider();
    }

    private WatcherRepository Repository => _services.GetRequiredService<WatcherRepository>();

    private WatcherActivities Activities => new(_services);

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(ActionPlanState.Succeeded)]
    [InlineData(ActionPlanState.Failed)]
    [InlineData(ActionPlanState.Cancelled)]
    public async Task FinishPlan_AnyOutcome_JournalsPlanFinishedBeforeSavingTheState(ActionPlanState outcome)
    {
        await Repository.CreatePlanAsync(Plan(ActionPlanState.Ongoing, ActionState.Succeeded));

        await Activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(Completion(outcome));

        var writes = _store.Writes;
        var journalled = IndexOf(writes, "journal:plan_finished");
        var saved = IndexOf(writes, "state:" + StateMachine<ActionPlanState>.Name(outcome));
        Assert.True(journalled < saved, $"plan_finished must be journalled before the state is saved; writes: {string.Join(", ", writes)}");
        Assert.Equal(outcome, (await Repository.GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task FinishPlan_StateWriteFailsOnceThenRetried_EveryLineJournalledOnceAndThePlanFinished()
    {
        await Repository.CreatePlanAsync(Plan(ActionPlanState.Ongoing, ActionState.Succeeded));
        _store.BeforeWrite = WriteOrderDocumentStore.FailOnce("state:FAILED");
        var completion = Completion(ActionPlanState.Failed);

        await Assert.ThrowsAsync<IOException>(() => Activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(completion));
        // Between the attempts a reader sees the plan still ONGOING, its journal already complete.
        Assert.Equal(ActionPlanState.Ongoing, (await Repository.GetPlanAsync("p")).State);
        Assert.Contains(await Repository.ReadJournalAsync("p"), e => e.Event == "plan_finished");
        await Activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(completion);
        await Activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(completion);

        var plan = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Failed, plan.State);
        var journal = await Repository.ReadJournalAsync("p");
        var finished = Assert.Single(journal, e => e.Event == "plan_finished");
        Assert.Equal($"FAILED {plan.StatusMessage}", finished.Detail);
        Assert.Single(journal, e => e.Event == "action_not_reverted" && e.ActionUuid == "x");
    }

    [Fact]
    public async Task FinishRollback_Finishing_JournalsRollbackFinishedBeforeSavingTheState()
    {
        await Repository.CreatePlanAsync(Plan(ActionPlanState.RollingBack, ActionState.Reverted) with { RollbackCount = 1 });
        await Repository.JournalAsync("p", new JournalEntry(DateTimeOffset.UtcNow, "rollback_started", Detail: "all"));

        var state = await Activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(new RollbackCompletion("p", ["x"], [], Partial: false) { Number = 1 });

        Assert.Equal(ActionPlanState.RolledBack, state);
        var writes = _store.Writes;
        Assert.True(IndexOf(writes, "journal:rollback_finished") < IndexOf(writes, "state:ROLLED_BACK"), $"writes: {string.Join(", ", writes)}");
        Assert.Equal("ROLLED_BACK", Assert.Single(await Repository.ReadJournalAsync("p"), e => e.Event == "rollback_finished").Detail);
    }

    [Fact]
    public async Task FinishRollback_JournalWriteFailsOnceThenRetried_EachLineOfThisRollbackJournalledOnce()
    {
        // The second rollback of the plan: the first one's lines are in the journal and must not hide this one's.
        await Repository.CreatePlanAsync(Plan(ActionPlanState.RollingBack, ActionState.Succeeded) with { RollbackCount = 2 });
        var at = DateTimeOffset.UtcNow;
        foreach (var (e, action) in new[] { ("rollback_started", (string?)null), ("action_not_reverted", "x"), ("rollback_finished", null), ("rollback_started", null) })
        {
            await Repository.JournalAsync("p", new JournalEntry(at, e, action));
        }

        _store.BeforeWrite = WriteOrderDocumentStore.FailOnce("journal:rollback_finished");
        var completion = new RollbackCompletion("p", [], [], Partial: true, [new RevertNote("x", "not selected for this rollback")]) { Number = 2 };

        await Assert.ThrowsAsync<IOException>(() => Activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(completion));
        Assert.Equal(ActionPlanState.RollingBack, (await Repository.GetPlanAsync("p")).State);
        await Activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(completion);
        await Activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(completion);

        Assert.Equal(ActionPlanState.PartiallyRolledBack, (await Repository.GetPlanAsync("p")).State);
        var journal = await Repository.ReadJournalAsync("p");
        Assert.Equal(2, journal.Count(e => e.Event == "rollback_finished"));
        Assert.Equal(2, journal.Count(e => e.Event == "action_not_reverted" && e.ActionUuid == "x"));
        Assert.Equal("PARTIALLY_ROLLED_BACK", journal.Last(e => e.Event == "rollback_finished").Detail);
    }

    private static PlanCompletion Completion(ActionPlanState outcome) => outcome == ActionPlanState.Failed
        ? new PlanCompletion("p", outcome, "boom", "x", [], [], [new RevertNote("x", "left in place")])
        : new PlanCompletion("p", outcome, outcome == ActionPlanState.Cancelled ? "Cancelled by request." : null, null, [], []);

    private static ActionPlan Plan(ActionPlanState state, ActionState action) => new()
    {
        Uuid = "p", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = state,
        Actions = [new WatcherAction { Uuid = "x", ActionPlanUuid = "p", ActionType = "nop", State = action }],
    };

    private static int IndexOf(IReadOnlyList<string> writes, string write)
    {
        var i = writes.ToList().IndexOf(write);
        Assert.True(i >= 0, $"{write} was never written; writes: {string.Join(", ", writes)}");
        return i;
    }
}
