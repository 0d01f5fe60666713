namespace Watcher.Domain.Persistence;

/// <summary>
/// The rows of an index partition written since a point in the index's own time, so that a copy of the partition
/// (<see cref="MirroredDocumentIndex"/>) can follow other processes' writes without reading the whole partition each time.
/// Rows deleted since are not reported; a copy learns of them by reading the whole partition (<c>since</c> null).
/// </summary>
public interface IIndexChangeFeed
{
    /// <summary>
    /// Every row of <paramref name="partition"/> (dirty and deleted ones too) written at or after <paramref name="since"/>,
    /// or every row when it is null; and the <see cref="IndexChanges.Next"/> to pass next time so that no write that
    /// became visible after this call began is missed.
    /// </summary>
    Task<IndexChanges> ChangesAsync(string partition, DateTimeOffset? since, CancellationToken cancellationToken = default);
}
