namespace Watcher.Domain.Persistence;

/// <summary>One page of an index query: the items and whether more follow.</summary>
public sealed record IndexedPage<T>(IReadOnlyList<T> Items, bool More);
