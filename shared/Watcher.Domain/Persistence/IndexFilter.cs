namespace Watcher.Domain.Persistence;

/// <summary>An equality filter on an index: matches when ANY of <see cref="Fields"/> equals <see cref="Value"/> (Watcher's "name or uuid" filters).</summary>
public sealed record IndexFilter(IReadOnlyList<string> Fields, string Value)
{
    /// <summary>A filter on one field.</summary>
    public static IndexFilter On(string field, string value) => new([field], value);

    /// <summary>Whether a row's (or a projected document's) fields satisfy the filter.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Fields.Any(f => fields.TryGetValue(f, out var v) && string.Equals(v, Value, StringComparison.Ordinal));
    }
}
