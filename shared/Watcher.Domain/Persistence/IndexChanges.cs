namespace Watcher.Domain.Persistence;

/// <summary>The answer of <see cref="IIndexChangeFeed.ChangesAsync"/>: the rows, and where the next call should start (in the index's own time).</summary>
public sealed record IndexChanges(IReadOnlyList<IndexRow> Rows, DateTimeOffset Next);
