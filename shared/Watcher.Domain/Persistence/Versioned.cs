namespace Watcher.Domain.Persistence;

/// <summary>A stored document with the version tag (ETag) a conditional write must quote.</summary>
public sealed record Versioned<T>(T Value, string ETag);
