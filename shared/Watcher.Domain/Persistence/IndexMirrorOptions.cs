namespace Watcher.Domain.Persistence;

/// <summary>How closely a <see cref="MirroredDocumentIndex"/> follows the writes of other processes.</summary>
public sealed record IndexMirrorOptions
{
    /// <summary>
    /// The oldest a partition's copy may be when a query is served from it: older, the query waits for a refresh; older
    /// than half of it, the query is served and a refresh starts in the background. This process's own writes are seen
    /// at once; another process's writes appear in lists within about this long.
    /// </summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a partition is read whole instead of by changes, which drops rows other processes deleted.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one refresh may take before it is given up (and a waiting query starts another, up to three times): a
    /// storage request that gets no answer must not hold every list of the process for the storage client's own
    /// network timeout (100 s, then retries).
    /// </summary>
    public TimeSpan RefreshTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the periodic whole read of a partition (<see cref="ReloadInterval"/>) may take before it is given up;
    /// the next one comes at the next interval. It reads every row (seconds at 10,000 rows on Azurite), so it gets
    /// longer than a change read, and queries never wait for it.
    /// </summary>
    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
