using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Tests;

/// <summary>State machines accept Watcher's transitions and reject the rest with a clear error.</summary>
public sealed class LifecycleTests
{
    [Theory]
    [InlineData(ActionPlanState.Recommended, ActionPlanState.Pending)]
    [InlineData(ActionPlanState.Pending, ActionPlanState.Ongoing)]
    [InlineData(ActionPlanState.Ongoing, ActionPlanState.Failed)]
    [InlineData(ActionPlanState.Succeeded, ActionPlanState.RollingBack)]
    [InlineData(ActionPlanState.RollingBack, ActionPlanState.RolledBack)]
    public void ActionPlan_AllowedTransition_IsAccepted(ActionPlanState from, ActionPlanState to) =>
        Transitions.ActionPlan.EnsureCanTransition(from, to);

    [Theory]
    [InlineData(ActionPlanState.Succeeded, ActionPlanState.Ongoing)]
    [InlineData(ActionPlanState.RolledBack, ActionPlanState.RollingBack)]
    [InlineData(ActionPlanState.Recommended, ActionPlanState.Succeeded)]
    [InlineData(ActionPlanState.Superseded, ActionPlanState.Pending)]
    public void ActionPlan_IllegalTransition_ThrowsNamingBothStates(ActionPlanState from, ActionPlanState to)
    {
        var ex = Assert.Throws<InvalidStateTransitionException>(() => Transitions.ActionPlan.EnsureCanTransition(from, to));

        Assert.Contains(StateMachine<ActionPlanState>.Name(from), ex.Message, StringComparison.Ordinal);
        Assert.Contains(StateMachine<ActionPlanState>.Name(to), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_SucceededToOngoing_IsRejected() =>
        Assert.Throws<InvalidStateTransitionException>(() => Transitions.Audit.EnsureCanTransition(AuditState.Succeeded, AuditState.Ongoing));

    [Fact]
    public void Action_RevertedToSucceeded_IsRejected() =>
        Assert.Throws<InvalidStateTransitionException>(() => Transitions.Action.EnsureCanTransition(ActionState.Reverted, ActionState.Succeeded));

    [Fact]
    public void Name_RollingBack_IsUpperSnakeCase() =>
        Assert.Equal("PARTIALLY_ROLLED_BACK", StateMachine<ActionPlanState>.Name(ActionPlanState.PartiallyRolledBack));
}
