namespace Watcher.Domain.Lifecycle;

/// <summary>The state machines of audits, action plans and actions.</summary>
public static class Transitions
{
    /// <summary>Watcher's audit machine (continuous audits stay ONGOING between runs).</summary>
    public static StateMachine<AuditState> Audit { get; } = new("audit", new Dictionary<AuditState, AuditState[]>
    {
        [AuditState.Pending] = [AuditState.Ongoing, AuditState.Cancelled, AuditState.Failed, AuditState.Deleted],
        [AuditState.Ongoing] = [AuditState.Succeeded, AuditState.Failed, AuditState.Cancelled, AuditState.Suspended],
        [AuditState.Suspended] = [AuditState.Ongoing, AuditState.Cancelled, AuditState.Deleted],
        [AuditState.Succeeded] = [AuditState.Deleted],
        [AuditState.Failed] = [AuditState.Deleted],
        [AuditState.Cancelled] = [AuditState.Deleted],
    });

    /// <summary>Watcher's action plan machine, extended with rollback.</summary>
    public static StateMachine<ActionPlanState> ActionPlan { get; } = new("action plan", new Dictionary<ActionPlanState, ActionPlanState[]>
    {
        [ActionPlanState.Recommended] = [ActionPlanState.Pending, ActionPlanState.Cancelled, ActionPlanState.Superseded, ActionPlanState.Deleted],
        [ActionPlanState.Pending] = [ActionPlanState.Ongoing, ActionPlanState.Cancelling, ActionPlanState.Cancelled, ActionPlanState.Failed, ActionPlanState.Deleted],
        [ActionPlanState.Ongoing] = [ActionPlanState.Succeeded, ActionPlanState.Failed, ActionPlanState.Cancelling, ActionPlanState.Cancelled],
        [ActionPlanState.Cancelling] = [ActionPlanState.Cancelled, ActionPlanState.Failed],
        [ActionPlanState.Succeeded] = [ActionPlanState.RollingBack, ActionPlanState.Deleted],
        [ActionPlanState.Failed] = [ActionPlanState.RollingBack, ActionPlanState.Deleted],
        [ActionPlanState.Cancelled] = [ActionPlanState.RollingBack, ActionPlanState.Deleted],
        [ActionPlanState.RollingBack] = [ActionPlanState.RolledBack, ActionPlanState.PartiallyRolledBack, ActionPlanState.RollbackFailed],
        [ActionPlanState.PartiallyRolledBack] = [ActionPlanState.RollingBack, ActionPlanState.Deleted],
        [ActionPlanState.RollbackFailed] = [ActionPlanState.RollingBack, ActionPlanState.Deleted],
        [ActionPlanState.RolledBack] = [ActionPlanState.Deleted],
        [ActionPlanState.Superseded] = [ActionPlanState.Deleted],
    });

    /// <summary>Watcher's action machine, extended with revert.</summary>
    public static StateMachine<ActionState> Action { get; } = new("action", new Dictionary<ActionState, ActionState[]>
    {
        [ActionState.Pending] = [ActionState.Ongoing, ActionState.Skipped, ActionState.Cancelled, ActionState.Failed],
        [ActionState.Ongoing] = [ActionState.Succeeded, ActionState.Failed, ActionState.Cancelled],
        [ActionState.Succeeded] = [ActionState.Reverting],
        [ActionState.Reverting] = [ActionState.Reverted, ActionState.RevertFailed],
        [ActionState.RevertFailed] = [ActionState.Reverting],
    });
}
