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
}
