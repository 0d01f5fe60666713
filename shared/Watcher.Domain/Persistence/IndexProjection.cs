namespace Watcher.Domain.Persistence;

/// <summary>What the index keeps of one document: its id, creation time (the row key), deleted flag, filter fields, list view, and due time.</summary>
public sealed record IndexProjection(
    string Id,
    DateTimeOffset CreatedAt,
    bool Deleted,
    IReadOnlyDictionary<string, string> Fields,
    string? Summary,
    DateTimeOffset? DueAt = null);
