using Watcher.Domain.Json;

namespace Watcher.Domain.Persistence;

/// <summary>A collection the index covers: how to project its documents (of type <see cref="DocumentType"/>) into rows.</summary>
public sealed class IndexedCollection
{
    /// <summary>Summaries longer than this are not kept in the row (Azure Table string properties hold 32K characters); readers then read the document.</summary>
    public const int MaxSummaryChars = 30_000;

    private readonly Func<object, IndexProjection> _project;

    internal IndexedCollection(string name, Type documentType, IReadOnlyList<string> filterFields, Func<object, IndexProjection> project)
    {
        Name = name;
        DocumentType = documentType;
        FilterFields = filterFields;
        _project = project;
    }

    public string Name { get; }

    public Type DocumentType { get; }

    /// <summary>The fields equality filters may name.</summary>
    public IReadOnlyList<string> FilterFields { get; }

    /// <summary>The partition of this collection's due index (continuous audits by next run time).</summary>
    public string DuePartition => Name + ".due";

    /// <summary>Projects a document, given as its model type or any value that serializes to it (JSON).</summary>
    public IndexProjection Project(object document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var typed = DocumentType.IsInstanceOfType(document)
            ? document
            : System.Text.Json.JsonSerializer.Deserialize(WatcherJson.Serialize(document), DocumentType, WatcherJson.Options)!;
        return _project(typed);
    }

    /// <summary>The clean index row of a document written with <paramref name="etag"/> (for bulk loads and repair).</summary>
    public IndexRow RowOf(object document, string etag)
    {
        var projection = Project(document);
        return new IndexRow
        {
            Partition = Name,
            Key = IndexKeys.Of(projection.CreatedAt, projection.Id),
            Id = projection.Id,
            Version = etag,
            Deleted = projection.Deleted,
            Fields = projection.Fields,
            Summary = projection.Summary,
        };
    }

    /// <summary>The summary, or null when it is too large for a row.</summary>
    internal static string? Bounded(string json) => json.Length <= MaxSummaryChars ? json : null;
}
