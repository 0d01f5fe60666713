using Watcher.Domain.Execution;

namespace Watcher.Domain.Model;

/// <summary>What happened when a plan ran: the failure that stopped it and how compensation or rollback went.</summary>
public sealed record ExecutionRecord
{
    public string? FailedActionUuid { get; init; }
    public string? Failure { get; init; }
    public IReadOnlyList<string> Reverted { get; init; } = [];
    public IReadOnlyList<string> RevertFailed { get; init; } = [];

    /// <summary>Actions whose effect stays in place, with why: the compensation policy, the selection, or a dependent that could not be reverted.</summary>
    public IReadOnlyList<RevertNote> NotReverted { get; init; } = [];

    /// <summary>The compensation policy that applied (compensation only).</summary>
    public CompensationPolicy? Policy { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset At { get; init; }
}
