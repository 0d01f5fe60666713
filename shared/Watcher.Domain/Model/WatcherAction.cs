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
}
