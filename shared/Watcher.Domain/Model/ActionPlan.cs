using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Model;

/// <summary>The recommendation an audit produced: actions with dependencies, and the benefit expected.</summary>
public sealed record ActionPlan
{
    public required string Uuid { get; init; }
    public required string AuditUuid { get; init; }
    public required string StrategyUuid { get; init; }
    public required string StrategyName { get; init; }
    public ActionPlanState State { get; init; } = ActionPlanState.Recommended;
    public IReadOnlyList<EfficacyIndicator> EfficacyIndicators { get; init; } = [];
    public IReadOnlyList<EfficacyIndicator> GlobalEfficacy { get; init; } = [];

    /// <summary>Things the strategy could not do, such as instances it found no room for. Never silently dropped.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Projected weekly profiles of the hosts the strategy looked at, before and after (from <see cref="Strategies.StrategyResult.ProjectedProfiles"/>).</summary>
    public IReadOnlyList<ProjectedProfile> ProjectedProfiles { get; init; } = [];
    public IReadOnlyList<WatcherAction> Actions { get; init; } = [];

    /// <summary>
    /// Set for a plan with many actions, whose actions are stored as separate documents rather than in the plan's own
    /// document (see <see cref="Persistence.WatcherRepository"/>): how many it has. The stored plan document then has no
    /// <see cref="Actions"/>; the repository fills them in for a caller that reads the whole plan. Null for a plan whose
    /// actions are embedded (every plan stored before this existed).
    /// </summary>
    public int? StoredActionCount { get; init; }

    /// <summary>With <see cref="StoredActionCount"/>: how many action uuids each stored page of the plan's action order holds.</summary>
    public int? ActionPageSize { get; init; }

    /// <summary>
    /// Only in the plan's list view kept in the document index (which leaves <see cref="Actions"/> out): how many actions
    /// the plan has, so a listing of actions can pass over plans without any. Null in a stored plan document, and in
    /// list views written before it existed (then the plan is read to find out).
    /// </summary>
    public int? ListedActionCount { get; init; }
    public string? Hostname { get; init; }

    /// <summary>
    /// For a <c>host_maintenance</c> plan: the hostname of the node it takes out of service, recorded when the plan
    /// is built so a return plan can bring its instances back (where each came from is in its succeeded migrate actions).
    /// </summary>
    public string? MaintainedHost { get; init; }

    /// <summary>For a return plan: the uuid of the maintenance plan whose instances it moves back; null otherwise.</summary>
    public string? ReturnOf { get; init; }

    /// <summary>How this plan executes: compensation policy, disruption budgets and maintenance window (copied from its audit).</summary>
    public ExecutionPolicy ExecutionPolicy { get; init; } = ExecutionPolicy.Default;
    public string? StatusMessage { get; init; }

    /// <summary>
    /// While the plan's execution waits for its maintenance window or disruption budget: when it will next start an
    /// action. Null while it runs or once it ended.
    /// </summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Compensation after a failure, if any.</summary>
    public ExecutionRecord? Compensation { get; init; }

    /// <summary>The last user-requested rollback, if any.</summary>
    public ExecutionRecord? Rollback { get; init; }
    public int RollbackCount { get; init; }

    /// <summary>When the execution ended (SUCCEEDED, FAILED or CANCELLED); the rollback window counts from it.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    public WatcherAction? FindAction(string uuid) => Actions.FirstOrDefault(a => a.Uuid == uuid);

    /// <summary>Returns a copy with one action replaced.</summary>
    public ActionPlan WithAction(WatcherAction action) =>
        this with { Actions = Actions.Select(a => a.Uuid == action.Uuid ? action : a).ToList() };

    /// <summary>
    /// Applies <paramref name="change"/> (one of <see cref="WatcherAction"/>'s transition methods) to one action.
    /// Returns this plan unchanged when the change returns the same action.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The plan has no such action.</exception>
    public ActionPlan UpdateAction(string actionUuid, Func<WatcherAction, WatcherAction> change)
    {
        var current = FindAction(actionUuid) ?? throw new KeyNotFoundException($"Action {actionUuid} is not in action plan {Uuid}.");
        var next = change(current);
        return ReferenceEquals(next, current) ? this : WithAction(next);
    }

    /// <summary>
    /// Sets the state a freshly built plan starts in: SUCCEEDED when there is nothing to do, PENDING when its
    /// audit triggers it automatically, otherwise it stays RECOMMENDED. Only for a plan not yet stored.
    /// </summary>
    public ActionPlan AsProposed(bool autoTrigger) =>
        Actions.Count == 0 ? this with { State = ActionPlanState.Succeeded, StatusMessage = "Nothing to do: the strategy proposed no action." }
        : autoTrigger ? this with { State = ActionPlanState.Pending }
        : this;

    /// <summary>RECOMMENDED to PENDING: the user asked to run it.</summary>
    public ActionPlan Approve(DateTimeOffset now) => TransitionTo(ActionPlanState.Pending, now);

    /// <summary>Undoes <see cref="Approve"/> when the execution could not be scheduled, so the request has no effect.</summary>
    public ActionPlan UndoApprove() => State == ActionPlanState.Pending ? this with { State = ActionPlanState.Recommended } : this;

    /// <summary>Undoes <see cref="BeginRollback"/> when the rollback could not be scheduled: back to <paramref name="before"/>'s state and count.</summary>
    public ActionPlan UndoBeginRollback(ActionPlan before) =>
        State == ActionPlanState.RollingBack ? this with { State = before.State, RollbackCount = before.RollbackCount } : this;

    /// <summary>RECOMMENDED to SUPERSEDED, because a newer run of its audit recommends something else.</summary>
    public ActionPlan Supersede(DateTimeOffset now) => TransitionTo(ActionPlanState.Superseded, now);

    /// <summary>To ONGOING on <paramref name="hostname"/>. Idempotent: an ONGOING plan is returned unchanged.</summary>
    public ActionPlan Begin(string hostname, DateTimeOffset now) =>
        State == ActionPlanState.Ongoing ? this : TransitionTo(ActionPlanState.Ongoing, now) with { Hostname = hostname };

    /// <summary>
    /// A cancel request: a RECOMMENDED plan is CANCELLED at once with its actions; a PENDING or ONGOING one goes to
    /// CANCELLING until its execution stops. Already CANCELLING: unchanged.
    /// </summary>
    public ActionPlan RequestCancel(DateTimeOffset now) => State switch
    {
        ActionPlanState.Recommended => TransitionTo(ActionPlanState.Cancelled, now) with { Actions = CancelPendingActions(now) },
        ActionPlanState.Cancelling => this,
        _ => TransitionTo(ActionPlanState.Cancelling, now),
    };

    /// <summary>
    /// Ends an execution in <paramref name="outcome"/> (SUCCEEDED, FAILED or CANCELLED). Unless it succeeded, actions
    /// that never started are CANCELLED. Idempotent: a plan already in <paramref name="outcome"/> is unchanged.
    /// </summary>
    public ActionPlan Finish(ActionPlanState outcome, string? message, ExecutionRecord? compensation, DateTimeOffset now)
    {
        if (outcome is not (ActionPlanState.Succeeded or ActionPlanState.Failed or ActionPlanState.Cancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "An execution ends SUCCEEDED, FAILED or CANCELLED.");
        }

        if (State == outcome)
        {
            return this;
        }

        return TransitionTo(outcome, now) with
        {
            StatusMessage = message,
            Actions = outcome == ActionPlanState.Succeeded ? Actions : CancelPendingActions(now),
            Compensation = compensation ?? Compensation,
            FinishedAt = now,
        };
    }

    /// <summary>To ROLLING_BACK, counting the rollback; returns the rollback's number in <see cref="RollbackCount"/>.</summary>
    public ActionPlan BeginRollback(DateTimeOffset now)
    {
        if (State == ActionPlanState.RollingBack)
        {
            throw new InvalidStateTransitionException("action plan", StateMachine<ActionPlanState>.Name(State), StateMachine<ActionPlanState>.Name(State));
        }

        return TransitionTo(ActionPlanState.RollingBack, now) with { RollbackCount = RollbackCount + 1 };
    }

    /// <summary>Ends a rollback in <paramref name="outcome"/>, recording what it reverted. Idempotent.</summary>
    public ActionPlan FinishRollback(ActionPlanState outcome, ExecutionRecord record, DateTimeOffset now)
    {
        if (outcome is not (ActionPlanState.RolledBack or ActionPlanState.PartiallyRolledBack or ActionPlanState.RollbackFailed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A rollback ends ROLLED_BACK, PARTIALLY_ROLLED_BACK or ROLLBACK_FAILED.");
        }

        return State == outcome ? this : TransitionTo(outcome, now) with { Rollback = record, StatusMessage = RollbackMessage(outcome, record) };
    }

    /// <summary>
    /// How a rollback that reverted what its actions now record ends: ROLLBACK_FAILED when a revert of this rollback
    /// failed, PARTIALLY_ROLLED_BACK while an action that had succeeded is still not reverted, otherwise ROLLED_BACK,
    /// however the actions were picked (a partial pick whose dependents cover the whole plan reverts everything).
    /// </summary>
    public ActionPlanState RollbackOutcome(IReadOnlyCollection<string> revertFailed) =>
        revertFailed.Count > 0 ? ActionPlanState.RollbackFailed
        : Actions.Any(a => a.State is ActionState.Succeeded or ActionState.RevertFailed or ActionState.Reverting) ? ActionPlanState.PartiallyRolledBack
        : ActionPlanState.RolledBack;

    /// <summary>True when a rollback may start now: the state allows it and at least one action has SUCCEEDED (an empty plan has nothing to undo).</summary>
    public bool CanRollBack => CanMoveTo(ActionPlanState.RollingBack)
        && Actions.Any(a => a.State is ActionState.Succeeded or ActionState.RevertFailed or ActionState.Reverting);

    private string RollbackMessage(ActionPlanState outcome, ExecutionRecord record)
    {
        string Describe(string uuid) => FindAction(uuid) is { } a
            ? a.StatusMessage is { Length: > 0 } why && outcome == ActionPlanState.RollbackFailed && record.RevertFailed.Contains(uuid) ? $"{a.ActionType} {uuid} ({why})" : $"{a.ActionType} {uuid}"
            : uuid;
        var reverted = record.Reverted.Count == 0 ? "none" : string.Join(", ", record.Reverted.Select(Describe));
        var skipped = Actions.Where(a => a.State is ActionState.Succeeded or ActionState.RevertFailed && a.StatusMessage?.StartsWith(WatcherAction.NotRolledBackPrefix, StringComparison.Ordinal) == true).ToList();
        var notRolledBack = skipped.Count == 0 ? string.Empty
            : $" Skipped {skipped.Count} (the cluster changed since): {string.Join("; ", skipped.Select(a => $"{a.ActionType} {a.Uuid} ({a.StatusMessage})"))}.";
        return outcome switch
        {
            ActionPlanState.RollbackFailed => $"Rollback failed: could not revert {record.RevertFailed.Count} action(s): {string.Join(", ", record.RevertFailed.Select(Describe))}. Reverted {record.Reverted.Count}: {reverted}.{notRolledBack}" + RevertReport.NotReverted(this, record.NotReverted),
            ActionPlanState.PartiallyRolledBack => $"Partially rolled back: reverted {record.Reverted.Count} action(s): {reverted}.{notRolledBack}",
            _ => $"Rolled back: reverted {record.Reverted.Count} action(s).",
        };
    }

    /// <summary>Soft-deletes the plan and its actions.</summary>
    public ActionPlan Delete(DateTimeOffset now)
    {
        if (State == ActionPlanState.Deleted)
        {
            throw new InvalidStateTransitionException("action plan", StateMachine<ActionPlanState>.Name(State), StateMachine<ActionPlanState>.Name(State));
        }

        return TransitionTo(ActionPlanState.Deleted, now) with { Actions = Actions.Select(a => a.Delete(now)).ToList() };
    }

    /// <summary>True when <see cref="Transitions.ActionPlan"/> allows moving to <paramref name="to"/> (and it is a move, not a stay).</summary>
    public bool CanMoveTo(ActionPlanState to) => State != to && Transitions.ActionPlan.CanTransition(State, to);

    private ActionPlan TransitionTo(ActionPlanState to, DateTimeOffset now)
    {
        Transitions.ActionPlan.EnsureCanTransition(State, to);
        return this with { State = to, UpdatedAt = now };
    }

    private List<WatcherAction> CancelPendingActions(DateTimeOffset now) =>
        Actions.Select(a => a.State == ActionState.Pending ? a.Cancel(now) : a).ToList();
}
