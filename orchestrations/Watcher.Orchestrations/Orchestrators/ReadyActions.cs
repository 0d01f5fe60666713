using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Orchestrators;

/// <summary>
/// What <see cref="ReadyActionSelector"/> decided: the actions to start now, and, when some ready action must wait,
/// what it waits for (<see cref="ReadyActionSelector.Window"/> or <see cref="ReadyActionSelector.Budget"/>), why, and
/// when to look again (null: when a running action finishes).
/// </summary>
public sealed record ReadyActions(IReadOnlyList<PlanGraphNode> Start, string? WaitingFor = null, DateTimeOffset? WakeAt = null, string? Reason = null)
{
    /// <summary>Nothing to start and nothing to wait for.</summary>
    public static ReadyActions None { get; } = new([]);
}
