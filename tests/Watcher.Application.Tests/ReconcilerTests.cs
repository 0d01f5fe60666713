using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>
/// The reconciler's decisions for each shape a crash (or an older version) leaves behind, on the in-memory store with
/// a fake clock and a fake engine whose instances each test sets: runs counted but never scheduled are scheduled,
/// runs that ended without finishing their record are ended with a reason, interrupted plan starts are resumed or
/// withdrawn, and nothing younger than the grace period, nothing with a live workflow and nothing a request changed
/// meanwhile is touched.
/// </summary>
public class ReconcilerTests : IDisposable
{
    private readonly FakeWorkflowEngine _engine = new();
    private readonly ServiceProvider _services;

    public ReconcilerTests()
    {
        var store = Store;
        _services = ComposedServices.Build(s =>
        {
            s.AddSingleton<IWorkflowEngine>(_engine).AddSingleton<TimeProvider>(Time);
            if (store is not null)
            {
                s.AddSingleton(store);
            }
        });
    }

    /// <summary>The fake clock the services read.</summary>
    private protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The document store the services use; null for the composition's default (read once, at construction).</summary>
    protected virtual IDocumentStore? Store => null;

    private protected WatcherRepository Repository => _services.GetRequiredService<WatcherRepository>();

    private protected Reconciler Reconciler => _services.GetRequiredService<Reconciler>();

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RunOnce_PendingOneshotNeverScheduled_FailedWithReasonAndNothingScheduledUnderItsId()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        Time.Advance(TimeSpan.FromSeconds(91));

        var report = await ReconcileAsync();

        // Not scheduled: a start message sent just before the crash may still be in flight.
        Assert.Empty(_engine.Scheduled);
        Assert.Contains("never scheduled", Assert.Single(report.Repairs), StringComparison.Ordinal);
        var audit = await Repository.GetAuditAsync("a1");
        Assert.Equal(AuditState.Failed, audit.State);
        Assert.Contains("Create a new audit", audit.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_PendingOneshotYoungerThanGrace_LeftAlone()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        Time.Advance(TimeSpan.FromSeconds(89));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_PendingOneshotOfOlderVersionWithRunCountZero_Failed()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 0));
        Time.Advance(TimeSpan.FromMinutes(5));

        await ReconcileAsync();

        Assert.Empty(_engine.Scheduled);
        Assert.Equal(AuditState.Failed, (await Repository.GetAuditAsync("a1")).State);
    }

    [Fact]
    public async Task RunOnce_PendingOneshotWithRunningWorkflow_LeftAlone()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        _engine.Instances["audit-a1"] = "Pending";
        Time.Advance(TimeSpan.FromMinutes(5));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Empty(_engine.Scheduled);
        Assert.Equal(AuditState.Pending, (await Repository.GetAuditAsync("a1")).State);
    }

    [Theory]
    [InlineData(AuditState.Ongoing, "Failed", "ended Failed (boom)")]
    [InlineData(AuditState.Ongoing, "Terminated", "ended Terminated")]
    [InlineData(AuditState.Pending, "Completed", "ended Completed")]
    [InlineData(AuditState.Ongoing, null, "no longer exists")]
    public async Task RunOnce_OneshotWhoseRunEndedOrVanished_FailedWithReason(AuditState state, string? workflow, string reason)
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, state, runCount: 1));
        if (workflow is not null)
        {
            _engine.Instances["audit-a1"] = workflow;
        }

        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var audit = await Repository.GetAuditAsync("a1");
        Assert.Equal(AuditState.Failed, audit.State);
        Assert.Contains(reason, audit.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_EventAuditWhoseTriggerWasLost_LeftAloneToBeTriggeredAgain()
    {
        await Repository.CreateAuditAsync(Audit("e1", AuditType.Event, AuditState.Succeeded, runCount: 2));
        _engine.Instances["audit-e1"] = "Completed";
        await Repository.CreateAuditAsync(Audit("e2", AuditType.Event, AuditState.Pending, runCount: 1));
        Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Empty(_engine.Scheduled);
        await _services.GetRequiredService<AuditService>().TriggerEventAsync("e1");
        Assert.Equal(["audit-e1-run-3"], _engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_OngoingEventAuditWhoseRunFailed_Failed()
    {
        await Repository.CreateAuditAsync(Audit("e1", AuditType.Event, AuditState.Ongoing, runCount: 2));
        _engine.Instances["audit-e1-run-2"] = "Failed";
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        Assert.Equal(AuditState.Failed, (await Repository.GetAuditAsync("e1")).State);
    }

    [Fact]
    public async Task RunOnce_EventAuditWhoseLastRunCompleted_LeftAlone()
    {
        await Repository.CreateAuditAsync(Audit("e1", AuditType.Event, AuditState.Succeeded, runCount: 2));
        _engine.Instances["audit-e1-run-2"] = "Completed";
        Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
    }

    [Fact]
    public async Task RunOnce_ContinuousRunLostOrFailed_LeftToTheTimersNextRun()
    {
        await Repository.CreateAuditAsync(Audit("c1", AuditType.Continuous, AuditState.Ongoing, runCount: 3));
        await Repository.CreateAuditAsync(Audit("c2", AuditType.Continuous, AuditState.Ongoing, runCount: 2));
        _engine.Instances["audit-c2-run-2"] = "Failed";
        Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Empty(_engine.Scheduled);
        Assert.Equal(AuditState.Ongoing, (await Repository.GetAuditAsync("c1")).State);
    }

    [Theory]
    [InlineData(AuditState.Succeeded)]
    [InlineData(AuditState.Failed)]
    [InlineData(AuditState.Cancelled)]
    [InlineData(AuditState.Suspended)]
    public async Task RunOnce_OneshotInStateWithoutWorkflow_LeftAlone(AuditState state)
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, state, runCount: 1));
        Time.Advance(TimeSpan.FromHours(1));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_AuditCancelledWhileItsWorkflowWasLookedUp_NotOverwritten()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Ongoing, runCount: 1));
        Time.Advance(TimeSpan.FromMinutes(2));
        await Reconciler.RunOnceAsync();
        Time.Advance(TimeSpan.FromSeconds(90));
        var engine = new RacingEngine(_engine, () => Repository.UpdateAuditAsync("a1", a => a with { State = AuditState.Cancelled, UpdatedAt = Time.GetUtcNow() }));
        var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(_services, engine, ActivatorUtilities.CreateInstance<ActionPlanService>(_services, engine));

        var report = await reconciler.RunOnceAsync();

        Assert.True(report.IsEmpty);
        Assert.Equal(AuditState.Cancelled, (await Repository.GetAuditAsync("a1")).State);
    }

    [Fact]
    public async Task RunOnce_PendingPlanNeverScheduled_RecommendedAgainAndNothingScheduledUnderItsId()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Pending, UpdatedAt = Time.GetUtcNow() });
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Recommended, after.State);
        Assert.Contains("never scheduled", after.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_PendingPlanWhoseExecutionEndedWithoutRunningItRecently_StartedAgainWithItsLeases()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Pending, UpdatedAt = Time.GetUtcNow() });
        _engine.Instances["actionplan-p"] = "Terminated";
        Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ReconcileAsync();

        Assert.Equal(["actionplan-p"], _engine.Scheduled);
        Assert.Contains("started", Assert.Single(report.Repairs), StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.Pending, (await Repository.GetPlanAsync("p")).State);
        Assert.Equal("p", (await _services.GetRequiredService<ResourceLeases>().GetAsync("instance:vm-1"))!.Holder);
    }

    [Fact]
    public async Task RunOnce_PendingPlanWhoseStartWasInterruptedLongAgo_RecommendedAgainAndLeasesReleased()
    {
        var plan = Maintenance("p", "vm-1") with { State = ActionPlanState.Pending, UpdatedAt = Time.GetUtcNow() };
        await Repository.CreatePlanAsync(plan);
        await _services.GetRequiredService<ResourceLeases>().AcquireAsync(plan, Time.GetUtcNow());
        Time.Advance(TimeSpan.FromMinutes(16));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Recommended, after.State);
        Assert.Contains("start it again", after.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
        Assert.Null((await _services.GetRequiredService<ResourceLeases>().GetAsync("instance:vm-1"))!.Holder);
        await _services.GetRequiredService<ActionPlanService>().StartAsync("p");
        Assert.Equal(["actionplan-p"], _engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_PendingPlanWhoseResourcesAnotherRunningPlanTookMeanwhile_RecommendedAgainNamingIt()
    {
        var other = Maintenance("other", "vm-1") with { State = ActionPlanState.Ongoing, UpdatedAt = Time.GetUtcNow() };
        await Repository.CreatePlanAsync(other);
        await _services.GetRequiredService<ResourceLeases>().AcquireAsync(other, Time.GetUtcNow());
        _engine.Instances["actionplan-other"] = "Running";
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Pending, UpdatedAt = Time.GetUtcNow() });
        _engine.Instances["actionplan-p"] = "Failed";
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Recommended, after.State);
        Assert.Contains("action plan other", after.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(_engine.Scheduled);
        Assert.Equal("other", (await _services.GetRequiredService<ResourceLeases>().GetAsync("instance:vm-1"))!.Holder);
    }

    [Theory]
    [InlineData("Terminated")]
    [InlineData("Failed")]
    [InlineData(null)]
    public async Task RunOnce_OngoingPlanWithoutLiveExecution_FailedUnstartedActionsCancelledLeasesReleased(string? workflow)
    {
        var plan = Maintenance("p", "vm-1") with { State = ActionPlanState.Ongoing, UpdatedAt = Time.GetUtcNow() };
        await Repository.CreatePlanAsync(plan);
        await _services.GetRequiredService<ResourceLeases>().AcquireAsync(plan, Time.GetUtcNow());
        if (workflow is not null)
        {
            _engine.Instances["actionplan-p"] = workflow;
        }

        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Failed, after.State);
        Assert.Contains("Execution interrupted", after.StatusMessage, StringComparison.Ordinal);
        Assert.All(after.Actions, a => Assert.Equal(ActionState.Cancelled, a.State));
        Assert.Null((await _services.GetRequiredService<ResourceLeases>().GetAsync("instance:vm-1"))!.Holder);
        Assert.Contains(await Repository.ReadJournalAsync("p"), e => e.Event == "plan_reconciled");
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_OngoingPlanWithRunningExecution_LeftAlone()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Ongoing, UpdatedAt = Time.GetUtcNow() });
        _engine.Instances["actionplan-p"] = "Running";
        Time.Advance(TimeSpan.FromHours(2));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Equal(ActionPlanState.Ongoing, (await Repository.GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task RunOnce_CancellingPlanWithoutLiveExecution_Cancelled()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Cancelling, UpdatedAt = Time.GetUtcNow() });
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Cancelled, after.State);
        Assert.All(after.Actions, a => Assert.Equal(ActionState.Cancelled, a.State));
    }

    [Fact]
    public async Task RunOnce_CancellingPlanWithLiveExecution_CancelSentAgainStateKept()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Cancelling, UpdatedAt = Time.GetUtcNow() });
        _engine.Instances["actionplan-p"] = "Running";
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        Assert.Equal(["p"], _engine.CancelsSent);
        Assert.Equal(ActionPlanState.Cancelling, (await Repository.GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task RunOnce_RollingBackPlanWhoseRollbackNeverRan_RollbackFailedAndRollbackAllowedAgain()
    {
        var plan = Maintenance("p", "vm-1") with { State = ActionPlanState.RollingBack, RollbackCount = 1, UpdatedAt = Time.GetUtcNow() };
        await Repository.CreatePlanAsync(plan with { Actions = [.. plan.Actions.Select(a => a with { State = ActionState.Succeeded })] });
        _engine.Instances["actionplan-p"] = "Completed";
        Time.Advance(TimeSpan.FromMinutes(2));

        await ReconcileAsync();

        var after = await Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.RollbackFailed, after.State);
        Assert.Contains("Rollback interrupted", after.StatusMessage, StringComparison.Ordinal);
        Assert.True(after.CanRollBack);
    }

    [Fact]
    public async Task RunOnce_RollingBackPlanWithRunningRollback_LeftAlone()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.RollingBack, RollbackCount = 2, UpdatedAt = Time.GetUtcNow() });
        _engine.Instances["rollback-p-2"] = "Running";
        Time.Advance(TimeSpan.FromMinutes(2));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Equal(ActionPlanState.RollingBack, (await Repository.GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task RunOnce_PlanYoungerThanGrace_LeftAlone()
    {
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Cancelling, UpdatedAt = Time.GetUtcNow() });
        Time.Advance(TimeSpan.FromSeconds(10));

        var report = await ReconcileAsync();

        Assert.True(report.IsEmpty);
        Assert.Equal(ActionPlanState.Cancelling, (await Repository.GetPlanAsync("p")).State);
    }

    [Fact]
    public async Task Orphans_BeforeTheReconcilerRuns_CanBeCancelledAndDeleted()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        await Repository.CreatePlanAsync(Maintenance("p", "vm-1") with { State = ActionPlanState.Pending, UpdatedAt = Time.GetUtcNow() });
        await Repository.CreatePlanAsync(Maintenance("q", "vm-2") with { State = ActionPlanState.Ongoing, UpdatedAt = Time.GetUtcNow() });
        var audits = _services.GetRequiredService<AuditService>();
        var plans = _services.GetRequiredService<ActionPlanService>();

        await audits.ChangeStateAsync("a1", AuditState.Cancelled);
        await audits.DeleteAsync("a1");
        Assert.Equal(ActionPlanState.Cancelled, (await plans.CancelAsync("p")).State);
        Assert.Equal(ActionPlanState.Cancelled, (await plans.CancelAsync("q")).State);
        await plans.DeleteAsync("p");
        await plans.DeleteAsync("q");

        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await ReconcileAsync()).IsEmpty);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task RunOnce_OrphanSeenByThisProcessForLessThanGrace_NotRepairedUntilSeenThatLong()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        Time.Advance(TimeSpan.FromHours(1));

        // Old enough, but this process (just restarted) has not watched it for the grace period: a start message a
        // crash left in the queue may still be delivered, so scheduling now could start the run twice.
        Assert.True((await Reconciler.RunOnceAsync()).IsEmpty);
        Time.Advance(TimeSpan.FromSeconds(89));
        Assert.True((await Reconciler.RunOnceAsync()).IsEmpty);
        Assert.Empty(_engine.Scheduled);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single((await Reconciler.RunOnceAsync()).Repairs);

        Assert.Equal(AuditState.Failed, (await Repository.GetAuditAsync("a1")).State);
    }

    [Fact]
    public async Task RunOnce_OrphanWhoseDelayedStartArrivesWhileWatched_LeftAloneAndForgotten()
    {
        await Repository.CreateAuditAsync(Audit("a1", AuditType.Oneshot, AuditState.Pending, runCount: 1));
        Time.Advance(TimeSpan.FromHours(1));
        await Reconciler.RunOnceAsync();

        // The start message the crash left in the queue is delivered: the instance exists now.
        _engine.Instances["audit-a1"] = "Running";
        Time.Advance(TimeSpan.FromSeconds(90));

        Assert.True((await Reconciler.RunOnceAsync()).IsEmpty);
        Assert.Equal(AuditState.Pending, (await Repository.GetAuditAsync("a1")).State);
    }

    /// <summary>A pass that starts watching what is left behind, then, the grace period later, a pass that repairs it.</summary>
    private async Task<ReconcileReport> ReconcileAsync()
    {
        Assert.Empty((await Reconciler.RunOnceAsync()).Repairs);
        Time.Advance(TimeSpan.FromSeconds(90));
        return await Reconciler.RunOnceAsync();
    }

    private Audit Audit(string uuid, AuditType type, AuditState state, int runCount) => new()
    {
        Uuid = uuid,
        Name = uuid,
        AuditType = type,
        State = state,
        GoalUuid = "g",
        GoalName = "dummy",
        StrategyUuid = "s",
        StrategyName = "dummy",
        Interval = type == AuditType.Continuous ? "3600" : null,
        RunCount = runCount,
        CreatedAt = Time.GetUtcNow(),
    };

    private static ActionPlan Maintenance(string uuid, string instance) => new()
    {
        Uuid = uuid,
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "host_maintenance",
        Actions =
        [
            new WatcherAction
            {
                Uuid = uuid + "-migrate", ActionPlanUuid = uuid, ActionType = "migrate",
                InputParameters = new JsonObject { ["resource_id"] = instance, ["migration_type"] = "live", ["source_node"] = "compute-01", ["destination_node"] = "compute-02" },
            },
        ],
    };

    /// <summary>An engine whose status look-up lets a "live request" change the record first, to race the reconciler's decision.</summary>
    private sealed class RacingEngine(FakeWorkflowEngine inner, Func<Task> meanwhile) : IWorkflowEngine
    {
        public Task<string> StartAuditRunAsync(string auditUuid, string planUuid, int run, CancellationToken cancellationToken = default) => inner.StartAuditRunAsync(auditUuid, planUuid, run, cancellationToken);

        public Task<string> StartPlanAsync(string planUuid, CancellationToken cancellationToken = default) => inner.StartPlanAsync(planUuid, cancellationToken);

        public Task<bool> CancelPlanAsync(string planUuid, CancellationToken cancellationToken = default) => inner.CancelPlanAsync(planUuid, cancellationToken);

        public Task<bool> IsPlanRunningAsync(string planUuid, CancellationToken cancellationToken = default) => inner.IsPlanRunningAsync(planUuid, cancellationToken);

        public Task<string> StartRollbackAsync(string planUuid, IReadOnlyList<string>? actionUuids, int number, IReadOnlyList<Domain.Planning.SkippedRevert>? skipped, CancellationToken cancellationToken = default) =>
            inner.StartRollbackAsync(planUuid, actionUuids, number, skipped, cancellationToken);

        public async Task<WorkflowStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default)
        {
            await meanwhile();
            return await inner.GetStatusAsync(instanceId, cancellationToken);
        }
    }
}
