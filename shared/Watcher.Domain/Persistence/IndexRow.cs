namespace Watcher.Domain.Persistence;

/// <summary>
/// One row of the document index: a document's list-view fields, keyed so that listing in the default order is a
/// range scan (<see cref="Key"/> = sortable creation time + id, see <see cref="IndexKeys"/>). The document stays the
/// truth: <see cref="Version"/> is the ETag of the document the row was built from, and a <see cref="Dirty"/> row
/// (a write is or was in flight) is checked against its document by every reader.
/// </summary>
public sealed record IndexRow
{
    /// <summary>The indexed collection (one partition per collection; the due index is <c>audits.due</c>).</summary>
    public required string Partition { get; init; }

    /// <summary>The sort key within the partition.</summary>
    public required string Key { get; init; }

    /// <summary>The document's id.</summary>
    public required string Id { get; init; }

    /// <summary>The ETag of the document this row was built from; null on a row that only marks a write.</summary>
    public string? Version { get; init; }

    /// <summary>The document is soft-deleted: it leaves listings.</summary>
    public bool Deleted { get; init; }

    /// <summary>A write of the document began after this row was built; readers must verify against the document.</summary>
    public bool Dirty { get; init; }

    /// <summary>When the last write began (for dirty rows): a reader repairs a dirty row only once it is old.</summary>
    public DateTimeOffset? MarkedAt { get; init; }

    /// <summary>The equality-filter fields (see <see cref="IndexedCollections"/>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The document's list view as JSON (heavy parts such as a plan's actions left out); null when too large to keep.</summary>
    public string? Summary { get; init; }

    /// <summary>The row's own version (set by reads), for conditional writes to the row.</summary>
    public string? ETag { get; init; }

    /// <summary>When the row was last written, by the index's own clock (the table service's <c>Timestamp</c>; set by reads).</summary>
    public DateTimeOffset? ChangedAt { get; init; }
}
