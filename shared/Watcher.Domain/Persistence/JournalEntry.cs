namespace Watcher.Domain.Persistence;

/// <summary>One line of a plan's execution journal: what happened to which action, when.</summary>
public sealed record JournalEntry(DateTimeOffset At, string Event, string? ActionUuid = null, string? Detail = null);
