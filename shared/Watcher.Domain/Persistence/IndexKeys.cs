using System.Globalization;

namespace Watcher.Domain.Persistence;

/// <summary>Sortable row keys: 19-digit UTC ticks, then the id, so ordinal key order is (time, id) order.</summary>
public static class IndexKeys
{
    /// <summary>The key of a document created (or due) at <paramref name="at"/>.</summary>
    public static string Of(DateTimeOffset at, string id) => Ticks(at) + "_" + id;

    /// <summary>The exclusive upper bound of every key at or before <paramref name="at"/>.</summary>
    public static string UpTo(DateTimeOffset at) => Ticks(at) + "`";

    /// <summary>The time part of a key.</summary>
    public static DateTimeOffset TimeOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new DateTimeOffset(long.Parse(key.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
