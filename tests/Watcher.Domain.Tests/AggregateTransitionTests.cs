using System.Text.Json.Nodes;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;

namespace Watcher.Domain.Tests;

/// <summary>The plan and action aggregates own their transitions: their methods enforce <see cref="Transitions"/>.</summary>
public sealed class AggregateTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Finish_Failed_CancelsUnstartedActionsAndKeepsCompensation()
    {
        var plan = Plan(ActionPlanState.Ongoing, ActionState.Succeeded, ActionState.Failed, ActionState.Pending);
        var compensation = new ExecutionRecord { Outcome = "compensated", Reverted = ["a0"] };

        var finished = plan.Finish(ActionPlanState.Failed, "boom", compensation, Now);

        Assert.Equal(ActionPlanState.Failed, finished.State);
        Assert.Equal("boom", finished.StatusMessage);
        Assert.Same(compensation, finished.Compensation);
        Assert.Equal([ActionState.Succeeded, ActionState.Failed, ActionState.Cancelled], finished.Actions.Select(a => a.State));
        Assert.Equal(Now, finished.UpdatedAt);
    }

    [Fact]
    public void Finish_Succeeded_LeavesActionsAlone()
    {
        var finished = Plan(ActionPlanState.Ongoing, ActionState.Succeeded, ActionState.Skipped).Finish(ActionPlanState.Succeeded, null, null, Now);

        Assert.Equal([ActionState.Succeeded, ActionState.Skipped], finished.Actions.Select(a => a.State));
    }

    [Fact]
    public void Finish_AlreadyInOutcome_ReturnsSamePlan()
    {
        var plan = Plan(ActionPlanState.Cancelled, ActionState.Cancelled);

        Assert.Same(plan, plan.Finish(ActionPlanState.Cancelled, "again", null, Now));
    }

    [Fact]
    public void Finish_FromRecommended_ThrowsNamingBothStates()
    {
        var ex = Assert.Throws<InvalidStateTransitionException>(() => Plan(ActionPlanState.Recommended).Finish(ActionPlanState.Succeeded, null, null, Now));

        Assert.Equal(("RECOMMENDED", "SUCCEEDED"), (ex.From, ex.To));
    }

    [Fact]
    public void Finish_NonTerminalOutcome_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(ActionPlanState.Ongoing).Finish(ActionPlanState.RolledBack, null, null, Now));

    [Fact]
    public void RequestCancel_Recommended_CancelsPlanAndPendingActionsAtOnce()
    {
        var cancelled = Plan(ActionPlanState.Recommended, ActionState.Pending, ActionState.Pending).RequestCancel(Now);

        Assert.Equal(ActionPlanState.Cancelled, cancelled.State);
        Assert.All(cancelled.Actions, a => Assert.Equal(ActionState.Cancelled, a.State));
    }

    [Fact]
    public void RequestCancel_Ongoing_GoesCancellingAndLeavesActionsToTheOrchestration()
    {
        var cancelling = Plan(ActionPlanState.Ongoing, ActionState.Ongoing, ActionState.Pending).RequestCancel(Now);

        Assert.Equal(ActionPlanState.Cancelling, cancelling.State);
        Assert.Equal([ActionState.Ongoing, ActionState.Pending], cancelling.Actions.Select(a => a.State));
    }

    [Fact]
    public void RequestCancel_Succeeded_Throws() =>
        Assert.Throws<InvalidStateTransitionException>(() => Plan(ActionPlanState.Succeeded).RequestCancel(Now));

    [Fact]
    public void Begin_Pending_GoesOngoingOnHostAndIsIdempotent()
    {
        var begun = Plan(ActionPlanState.Pending).Begin("node-7", Now);

        Assert.Equal((ActionPlanState.Ongoing, "node-7"), (begun.State, begun.Hostname));
        Assert.Same(begun, begun.Begin("other", Now));
    }

    [Fact]
    public void BeginRollback_Failed_CountsRollbacks()
    {
        var rolling = Plan(ActionPlanState.Failed).BeginRollback(Now);

        Assert.Equal((ActionPlanState.RollingBack, 1), (rolling.State, rolling.RollbackCount));
        var again = rolling.FinishRollback(ActionPlanState.PartiallyRolledBack, new ExecutionRecord(), Now).BeginRollback(Now);
        Assert.Equal(2, again.RollbackCount);
    }

    [Fact]
    public void BeginRollback_WhileRollingBack_Throws() =>
        Assert.Throws<InvalidStateTransitionException>(() => Plan(ActionPlanState.RollingBack).BeginRollback(Now));

    [Fact]
    public void FinishRollback_RecordsRollback()
    {
        var record = new ExecutionRecord { Reverted = ["a0"], Outcome = "ROLLED_BACK" };

        var done = Plan(ActionPlanState.RollingBack).FinishRollback(ActionPlanState.RolledBack, record, Now);

        Assert.Equal(ActionPlanState.RolledBack, done.State);
        Assert.Same(record, done.Rollback);
    }

    [Theory]
    [InlineData(false, ActionState.Reverted, ActionState.Reverted, ActionPlanState.RolledBack)]
    [InlineData(false, ActionState.Reverted, ActionState.Succeeded, ActionPlanState.PartiallyRolledBack)]
    [InlineData(false, ActionState.Reverted, ActionState.Skipped, ActionPlanState.RolledBack)]
    [InlineData(true, ActionState.Reverted, ActionState.RevertFailed, ActionPlanState.RollbackFailed)]
    public void RollbackOutcome_FollowsActionStates(bool revertFailed, ActionState first, ActionState second, ActionPlanState expected)
    {
        var plan = Plan(ActionPlanState.RollingBack, first, second);

        Assert.Equal(expected, plan.RollbackOutcome(revertFailed ? ["a1"] : []));
    }

    [Fact]
    public void FinishRollback_Failed_StatusMessageNamesFailedAndReverted()
    {
        var plan = Plan(ActionPlanState.RollingBack, ActionState.Reverted, ActionState.RevertFailed)
            .UpdateAction("a1", a => a with { StatusMessage = "Revert failed: stuck" });

        var done = plan.FinishRollback(ActionPlanState.RollbackFailed, new ExecutionRecord { Reverted = ["a0"], RevertFailed = ["a1"] }, Now);

        Assert.Contains("could not revert 1 action(s): nop a1 (Revert failed: stuck)", done.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("Reverted 1: nop a0", done.StatusMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ActionPlanState.Succeeded, true)]
    [InlineData(ActionPlanState.Recommended, false)]
    public void CanRollBack_WithSucceededAction_FollowsState(ActionPlanState state, bool expected) =>
        Assert.Equal(expected, Plan(state, ActionState.Succeeded).CanRollBack);

    [Fact]
    public void CanRollBack_EmptySucceededPlan_False() =>
        Assert.False(Plan(ActionPlanState.Succeeded).CanRollBack);

    [Fact]
    public void Delete_RolledBack_DeletesPlanAndActions()
    {
        var deleted = Plan(ActionPlanState.RolledBack, ActionState.Reverted).Delete(Now);

        Assert.Equal(ActionPlanState.Deleted, deleted.State);
        Assert.All(deleted.Actions, a => Assert.Equal(ActionState.Deleted, a.State));
    }

    [Fact]
    public void Delete_Ongoing_Throws() =>
        Assert.Throws<InvalidStateTransitionException>(() => Plan(ActionPlanState.Ongoing).Delete(Now));

    [Theory]
    [InlineData(0, false, ActionPlanState.Succeeded)]
    [InlineData(0, true, ActionPlanState.Succeeded)]
    [InlineData(2, true, ActionPlanState.Pending)]
    [InlineData(2, false, ActionPlanState.Recommended)]
    public void AsProposed_ActionsAndAutoTrigger_ChooseInitialState(int actions, bool autoTrigger, ActionPlanState expected) =>
        Assert.Equal(expected, Plan(ActionPlanState.Recommended, [.. Enumerable.Repeat(ActionState.Pending, actions)]).AsProposed(autoTrigger).State);

    [Fact]
    public void UpdateAction_AppliesActionTransitionToThatActionOnly()
    {
        var plan = Plan(ActionPlanState.Ongoing, ActionState.Pending, ActionState.Pending);

        var updated = plan.UpdateAction("a1", a => a.Start(new JsonObject { ["was"] = "enabled" }, Now));

        Assert.Equal([ActionState.Pending, ActionState.Ongoing], updated.Actions.Select(a => a.State));
        Assert.Equal("enabled", updated.FindAction("a1")!.RevertData!["was"]!.GetValue<string>());
    }

    [Fact]
    public void Action_SucceedWithoutStart_Throws() =>
        Assert.Throws<InvalidStateTransitionException>(() => Action(ActionState.Pending).Succeed(1, Now));

    [Fact]
    public void Action_StartTwice_KeepsFirstRevertData()
    {
        var started = Action(ActionState.Pending).Start(new JsonObject { ["n"] = 1 }, Now);

        var again = started.Start(new JsonObject { ["n"] = 2 }, Now);

        Assert.Same(started, again);
    }

    [Fact]
    public void Action_RevertLifecycle_RecordsSequenceAndFailure()
    {
        var succeeded = Action(ActionState.Ongoing).Succeed(4, Now);
        var failed = succeeded.BeginRevert(Now).MarkRevertFailed("stuck", Now);

        Assert.Equal(4, succeeded.CompletionSequence);
        Assert.Equal(ActionState.RevertFailed, failed.State);
        Assert.Equal("Revert failed: stuck", failed.StatusMessage);
        Assert.Equal(ActionState.Reverted, failed.BeginRevert(Now).MarkReverted(Now).State);
    }

    [Fact]
    public void Action_RevertPending_Throws() =>
        Assert.Throws<InvalidStateTransitionException>(() => Action(ActionState.Pending).BeginRevert(Now));

    [Theory]
    [InlineData(AuditState.Cancelled)]
    [InlineData(AuditState.Suspended)]
    [InlineData(AuditState.Deleted)]
    public void Audit_StartRunWhenStopped_ThrowsConflictNamingState(AuditState state)
    {
        var ex = Assert.Throws<Errors.ConflictException>(() => Audit(AuditType.Oneshot, state).StartRun("h", Now));

        Assert.Contains(StateMachine<AuditState>.Name(state), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_EventAuditStartRunFromSucceeded_GoesOngoingButOneshotDoesNot()
    {
        Assert.Equal(AuditState.Ongoing, Audit(AuditType.Event, AuditState.Succeeded).StartRun("h", Now).State);
        Assert.Throws<InvalidStateTransitionException>(() => Audit(AuditType.Oneshot, AuditState.Succeeded).StartRun("h", Now));
    }

    [Fact]
    public void Audit_CompleteRunWithError_FailsWithMessage()
    {
        var done = Audit(AuditType.Oneshot, AuditState.Ongoing).CompleteRun("no metrics", Now);

        Assert.Equal((AuditState.Failed, "no metrics"), (done.State, done.StatusMessage));
    }

    [Fact]
    public void Audit_CompleteRunAfterCancel_KeepsCancelled()
    {
        var audit = Audit(AuditType.Oneshot, AuditState.Cancelled);

        Assert.Same(audit, audit.CompleteRun(null, Now));
    }

    [Fact]
    public void Audit_ContinuousCompleteRun_StaysOngoingWithNextRunTime()
    {
        var done = (Audit(AuditType.Continuous, AuditState.Ongoing) with { Interval = "600" }).CompleteRun(null, Now);

        Assert.Equal(AuditState.Ongoing, done.State);
        Assert.True(done.NextRunTime > Now);
    }

    private static Audit Audit(AuditType type, AuditState state) => new()
    {
        Uuid = "audit",
        Name = "a",
        AuditType = type,
        State = state,
        GoalUuid = "g",
        GoalName = "dummy",
        StrategyUuid = "s",
        StrategyName = "dummy",
    };

    private static WatcherAction Action(ActionState state, int index = 0) =>
        new() { Uuid = $"a{index}", ActionPlanUuid = "p", ActionType = "nop", State = state };

    private static ActionPlan Plan(ActionPlanState state, params ActionState[] actions) => new()
    {
        Uuid = "p",
        AuditUuid = "audit",
        StrategyUuid = "s",
        StrategyName = "dummy",
        State = state,
        Actions = [.. actions.Select((s, i) => Action(s, i))],
    };
}
