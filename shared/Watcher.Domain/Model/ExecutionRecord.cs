namespace Watcher.Domain.Model;

/// <summary>What happened when a plan ran: the failure that stopped it and how compensation or rollback went.</summary>
public sealed record ExecutionRecord
{
    public string? FailedActionUuid { get; init; }
    public string? Failure { get; init; }
    public IReadOnlyList<string> Reverted { get; init; } = [];
    public IReadOnlyList<string> RevertFailed { get; init; } = [];
    public string? Outcome { get; init; }
    public DateTimeOffset At { get; init; }
}
