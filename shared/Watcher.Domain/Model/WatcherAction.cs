using System.Text.Json.Nodes;
using Watcher.Domain.Lifecycle;

namespace Watcher.Domain.Model;

/// <summary>One step of an action plan (migrate, change_nova_service_state, ...) with its execution record.</summary>
public sealed record WatcherAction
{
    public required string Uuid { get; init; }
    public required string ActionPlanUuid { get; init; }
    public required string ActionType { get; init; }
    public JsonObject InputParameters { get; init; } = [];
    public ActionState State { get; init; } = ActionState.Pending;

    /// <summary>Uuids of the actions that must succeed before this one starts.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];
    public string? StatusMessage { get; init; }

    /// <summary>What the action's execute step recorded so it can be undone (for example the previous service state).</summary>
    public JsonObject? RevertData { get; init; }

    /// <summary>Order in which the action succeeded within its plan; reverts run in descending order.</summary>
    public int? CompletionSequence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>PENDING to ONGOING, keeping what is needed to undo it. An action already past PENDING is unchanged.</summary>
    public WatcherAction Start(JsonObject? revertData, DateTimeOffset now) =>
        State == ActionState.Pending ? TransitionTo(ActionState.Ongoing, now) with { RevertData = revertData } : this;

    /// <summary>To SUCCEEDED as the <paramref name="sequence"/>-th action of its plan to complete.</summary>
    public WatcherAction Succeed(int sequence, DateTimeOffset now) =>
        TransitionTo(ActionState.Succeeded, now) with { StatusMessage = null, CompletionSequence = sequence };

    /// <summary>To FAILED for good, with the reason.</summary>
    public WatcherAction Fail(string message, DateTimeOffset now) =>
        TransitionTo(ActionState.Failed, now) with { StatusMessage = message };

    /// <summary>PENDING to SKIPPED: the pre-condition showed the action is no longer needed, for <paramref name="reason"/>.</summary>
    public WatcherAction Skip(string reason, DateTimeOffset now) =>
        TransitionTo(ActionState.Skipped, now) with { StatusMessage = reason };

    /// <summary>A PENDING action that will never run, because its plan stopped.</summary>
    public WatcherAction Cancel(DateTimeOffset now) => TransitionTo(ActionState.Cancelled, now);

    /// <summary>To REVERTING: compensation or rollback is undoing it.</summary>
    public WatcherAction BeginRevert(DateTimeOffset now) => TransitionTo(ActionState.Reverting, now);

    /// <summary>To REVERTED: undone.</summary>
    public WatcherAction MarkReverted(DateTimeOffset now) => TransitionTo(ActionState.Reverted, now) with { StatusMessage = null };

    /// <summary>To REVERT_FAILED, with the reason.</summary>
    public WatcherAction MarkRevertFailed(string message, DateTimeOffset now) =>
        TransitionTo(ActionState.RevertFailed, now) with { StatusMessage = "Revert failed: " + message };

    /// <summary>How the status message of an action a forced rollback skipped starts.</summary>
    public const string NotRolledBackPrefix = "not rolled back: ";

    /// <summary>Left as it is by a forced rollback, because the cluster drifted (<paramref name="reason"/>); its state is unchanged.</summary>
    public WatcherAction SkipRevert(string reason, DateTimeOffset now) => this with { StatusMessage = NotRolledBackPrefix + reason, UpdatedAt = now };

    /// <summary>Soft-deleted with its plan (outside the execution state machine: any state may be deleted).</summary>
    public WatcherAction Delete(DateTimeOffset now) => this with { State = ActionState.Deleted, UpdatedAt = now };

    private WatcherAction TransitionTo(ActionState to, DateTimeOffset now)
    {
        Transitions.Action.EnsureCanTransition(State, to);
        return this with { State = to, UpdatedAt = now };
    }
}
