namespace Watcher.Domain.Persistence;

/// <summary>
/// A range query on one partition of an <see cref="IDocumentIndex"/>, in ascending key order: keys strictly after
/// <see cref="After"/> and strictly before <see cref="Before"/>. Returns every <see cref="IndexRow.Dirty"/> row in range
/// (the reader verifies it), and the other rows that are not deleted and match all <see cref="Filters"/>
/// (unless <see cref="DirtyOnly"/>).
/// </summary>
public sealed record IndexQuery(string Partition)
{
    public IReadOnlyList<IndexFilter> Filters { get; init; } = [];

    public string? After { get; init; }

    public string? Before { get; init; }

    /// <summary>Only the rows whose document has a write in flight (or a crashed one).</summary>
    public bool DirtyOnly { get; init; }

    /// <summary>Also the rows of deleted documents (for repair).</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>How many rows the caller expects to consume (the page size of each round trip), at most 1000.</summary>
    public int PageSizeHint { get; init; } = 1000;

    /// <summary>The query's semantics, for implementations that evaluate rows themselves.</summary>
    public bool Selects(IndexRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Partition == Partition
            && (After is null || string.CompareOrdinal(row.Key, After) > 0)
            && (Before is null || string.CompareOrdinal(row.Key, Before) < 0)
            && (row.Dirty || (!DirtyOnly && (IncludeDeleted || !row.Deleted) && Filters.All(f => f.Matches(row.Fields))));
    }
}
