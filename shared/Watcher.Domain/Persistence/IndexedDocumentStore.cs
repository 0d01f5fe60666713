using System.Text.Json.Nodes;
using Watcher.Domain.Json;

namespace Watcher.Domain.Persistence;

/// <summary>
/// An <see cref="IDocumentStore"/> that keeps an <see cref="IDocumentIndex"/> consistent with the documents of the
/// <see cref="IndexedCollections"/>, and answers list queries from it in O(page).
/// <para>
/// The document is the truth. A write (1) marks the document's row dirty, (2) writes the document (ETag-conditional, as
/// before), (3) replaces the row with the document's fields and ETag on condition that the row is still as marked, and
/// (4) checks that the document's ETag is still the one written. When (3) or (4) fails another writer got in between,
/// and the row is rebuilt from the current document and left dirty. Readers take clean rows as they are and check every
/// dirty row against its document (using the document, dropping the row when the document is gone, deleted or no longer
/// matches), and clean dirty rows left by crashed writers once <see cref="CleanAfter"/> has passed.
/// <see cref="RepairAsync"/> rebuilds missing or stale rows from the documents (stores written by older versions).
/// </para>
/// </summary>
public sealed class IndexedDocumentStore(IDocumentStore inner, IDocumentIndex index, TimeProvider? time = null) : IDocumentStore
{
    /// <summary>How long a write may take between marking its row and completing it; older dirty rows are repaired by readers.</summary>
    public static readonly TimeSpan CleanAfter = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The store holding the documents.</summary>
    public IDocumentStore Inner => inner;

    /// <summary>The index.</summary>
    public IDocumentIndex Index => index;

    private DateTimeOffset Now => _time.GetUtcNow();

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default) =>
        inner.GetAsync<T>(collection, id, cancellationToken);

    public async Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default)
    {
        if (IndexedCollections.Find(collection) is not { } c)
        {
            return await inner.CreateAsync(collection, id, document, cancellationToken);
        }

        var projection = c.Project(document!);
        var key = IndexKeys.Of(projection.CreatedAt, id);
        var mark = await index.MarkDirtyAsync(collection, key, id, Now, cancellationToken);
        string etag;
        try
        {
            etag = await inner.CreateAsync(collection, id, document, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await SettleAsync(c, id, key, mark, cancellationToken);
            throw;
        }

        await CompleteAsync(c, id, key, projection, etag, mark, cancellationToken);
        return etag;
    }

    public async Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        if (IndexedCollections.Find(collection) is not { } c)
        {
            return await inner.ReplaceAsync(collection, id, document, etag, cancellationToken);
        }

        var projection = c.Project(document!);
        var key = IndexKeys.Of(projection.CreatedAt, id);
        var mark = await index.MarkDirtyAsync(collection, key, id, Now, cancellationToken);
        string written;
        try
        {
            written = await inner.ReplaceAsync(collection, id, document, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await SettleAsync(c, id, key, mark, cancellationToken);
            throw;
        }

        await CompleteAsync(c, id, key, projection, written, mark, cancellationToken);
        return written;
    }

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default) =>
        inner.ListAsync<T>(collection, cancellationToken);

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(journal, line, cancellationToken);

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) =>
        inner.ReadJournalAsync(journal, cancellationToken);

    /// <summary>
    /// A page in the default order (created_at, then id, ascending): the <paramref name="limit"/> documents after
    /// <paramref name="marker"/> that are not deleted and match every filter. Null when the marker is not such a document.
    /// Reads the index (one round trip per page) and only the documents whose rows are dirty or too large.
    /// </summary>
    public async Task<IndexedPage<T>?> PageAsync<T>(string collection, IReadOnlyList<IndexFilter> filters, string? marker, int limit, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filters);
        var c = Require(collection);
        string? after = null;
        if (marker is not null && index is IIndexRowLookup lookup && await lookup.FindByIdAsync(collection, marker, cancellationToken) is { Dirty: false } markerRow)
        {
            // The marker's row, without reading its document (a row's key, created_at and id, never changes).
            if (markerRow.Deleted || !filters.All(f => f.Matches(markerRow.Fields)))
            {
                return null;
            }

            after = markerRow.Key;
        }
        else if (marker is not null)
        {
            var doc = await inner.GetAsync<T>(collection, marker, cancellationToken);
            var projection = doc is null ? null : c.Project(doc.Value);
            if (projection is null || projection.Deleted || !filters.All(f => f.Matches(projection.Fields)))
            {
                return null;
            }

            after = IndexKeys.Of(projection.CreatedAt, marker);
        }

        var items = new List<T>();
        var query = new IndexQuery(collection) { Filters = filters, After = after, PageSizeHint = Math.Clamp(limit + 1, 1, 1000) };
        await foreach (var row in index.QueryAsync(query, cancellationToken))
        {
            if (await ResolveAsync<T>(c, row, filters, needDocument: false, includeDeleted: false, cancellationToken) is { } item)
            {
                items.Add(item);
                if (items.Count > limit)
                {
                    break;
                }
            }
        }

        return new IndexedPage<T>(items.Take(limit).ToList(), items.Count > limit);
    }

    /// <summary>
    /// Every document that is not deleted (or, with <paramref name="includeDeleted"/>, every document) and matches the
    /// filters, in the default order, from the index (for other sort orders); full documents when <paramref name="documents"/>.
    /// </summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string collection, IReadOnlyList<IndexFilter> filters, bool documents = false, bool includeDeleted = false, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filters);
        var c = Require(collection);
        var items = new List<T>();
        await foreach (var row in index.QueryAsync(new IndexQuery(collection) { Filters = filters, IncludeDeleted = includeDeleted }, cancellationToken))
        {
            if (await ResolveAsync<T>(c, row, filters, documents, includeDeleted, cancellationToken) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>
    /// The documents whose due time (<see cref="IndexProjection.DueAt"/>, from the due index) is at or before
    /// <paramref name="now"/>, read from the store. Also checks the documents of dirty rows (a crashed writer may not have
    /// written its due row) and removes due rows that their document no longer has.
    /// </summary>
    public async Task<IReadOnlyList<T>> DueAsync<T>(string collection, DateTimeOffset now, CancellationToken cancellationToken = default)
        where T : class
    {
        var c = Require(collection);
        var dueRows = new Dictionary<string, List<IndexRow>>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync(new IndexQuery(c.DuePartition) { Before = IndexKeys.UpTo(now) }, cancellationToken))
        {
            (dueRows.TryGetValue(row.Id, out var list) ? list : dueRows[row.Id] = []).Add(row);
        }

        var dirty = new Dictionary<string, IndexRow>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync(new IndexQuery(collection) { DirtyOnly = true }, cancellationToken))
        {
            dirty[row.Id] = row;
        }

        var due = new List<(DateTimeOffset At, T Document)>();
        foreach (var id in dueRows.Keys.Union(dirty.Keys, StringComparer.Ordinal))
        {
            var doc = await inner.GetAsync<T>(collection, id, cancellationToken);
            var projection = doc is null ? null : c.Project(doc.Value);
            var dueKey = projection?.DueAt is { } at ? IndexKeys.Of(at, id) : null;
            foreach (var stale in dueRows.GetValueOrDefault(id) ?? [])
            {
                if (stale.Key != dueKey && stale.ETag is not null)
                {
                    await index.TryDeleteAsync(c.DuePartition, stale.Key, stale.ETag, cancellationToken);
                }
            }

            if (dirty.TryGetValue(id, out var dirtyRow))
            {
                if (dueKey is not null)
                {
                    await index.UpsertAsync(new IndexRow { Partition = c.DuePartition, Key = dueKey, Id = id }, cancellationToken);
                }

                await CleanIfOldAsync(c, dirtyRow, cancellationToken);
            }

            if (doc is not null && projection!.DueAt is { } dueAt && dueAt <= now)
            {
                due.Add((dueAt, doc.Value));
            }
        }

        return due.OrderBy(d => d.At).Select(d => d.Document).ToList();
    }

    /// <summary>
    /// Rebuilds the index from the documents: inserts missing rows, replaces rows whose version differs from the
    /// document's ETag, writes due rows, and removes rows whose document is gone. Idempotent and safe beside live writers
    /// (every row write is conditional on the row read before the document). Returns how many rows it changed.
    /// </summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var c in IndexedCollections.All)
        {
            changed += await RepairCollectionAsync(c, cancellationToken);
        }

        return changed;
    }

    private async Task<int> RepairCollectionAsync(IndexedCollection c, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, List<IndexRow>>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync(new IndexQuery(c.Name) { IncludeDeleted = true }, cancellationToken))
        {
            (rows.TryGetValue(row.Id, out var list) ? list : rows[row.Id] = []).Add(row);
        }

        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (inner is IDocumentVersions listing)
        {
            await foreach (var (id, etag) in listing.ListVersionsAsync(c.Name, cancellationToken))
            {
                versions[id] = etag;
            }
        }
        else
        {
            foreach (var doc in await inner.ListAsync<JsonObject>(c.Name, cancellationToken))
            {
                versions[c.Project(doc.Value).Id] = doc.ETag;
            }
        }

        var changed = 0;
        foreach (var (id, etag) in versions)
        {
            var existing = rows.GetValueOrDefault(id);
            if (existing is [{ Dirty: false } only] && only.Version is { } v && SameVersion(v, etag))
            {
                continue;
            }

            changed += await RepairOneAsync(c, id, existing ?? [], cancellationToken);
        }

        foreach (var (id, orphans) in rows)
        {
            if (!versions.ContainsKey(id))
            {
                foreach (var orphan in orphans.Where(o => !o.Dirty || o.MarkedAt < Now - CleanAfter))
                {
                    changed += await index.TryDeleteAsync(c.Name, orphan.Key, orphan.ETag!, cancellationToken) ? 1 : 0;
                }
            }
        }

        return changed;
    }

    private async Task<int> RepairOneAsync(IndexedCollection c, string id, IReadOnlyList<IndexRow> rows, CancellationToken cancellationToken)
    {
        // Rows are read before the document: a writer that changes the document afterwards changes the row first.
        var doc = await inner.GetAsync<JsonObject>(c.Name, id, cancellationToken);
        if (doc is null)
        {
            return 0;
        }

        var projection = c.Project(doc.Value);
        var key = IndexKeys.Of(projection.CreatedAt, id);
        var current = rows.FirstOrDefault(r => r.Key == key);
        var changed = 0;
        if (current is null || !current.Dirty || current.MarkedAt < Now - CleanAfter)
        {
            changed += await index.TryWriteAsync(Row(c, id, key, projection, doc.ETag), current?.ETag, cancellationToken) is null ? 0 : 1;
        }

        foreach (var other in rows.Where(r => r.Key != key && r.ETag is not null))
        {
            changed += await index.TryDeleteAsync(c.Name, other.Key, other.ETag!, cancellationToken) ? 1 : 0;
        }

        await WriteDueAsync(c, id, projection, cancellationToken);
        return changed;
    }

    private async Task<T?> ResolveAsync<T>(IndexedCollection c, IndexRow row, IReadOnlyList<IndexFilter> filters, bool needDocument, bool includeDeleted, CancellationToken cancellationToken)
        where T : class
    {
        if (!row.Dirty && !needDocument && row.Summary is not null)
        {
            return WatcherJson.Deserialize<T>(row.Summary);
        }

        var doc = await inner.GetAsync<T>(c.Name, row.Id, cancellationToken);
        if (row.Dirty)
        {
            await CleanIfOldAsync(c, row, cancellationToken);
        }

        if (doc is null)
        {
            return null;
        }

        var projection = c.Project(doc.Value);
        return IndexKeys.Of(projection.CreatedAt, row.Id) == row.Key && (includeDeleted || !projection.Deleted) && filters.All(f => f.Matches(projection.Fields))
            ? doc.Value
            : null;
    }

    /// <summary>Repairs a dirty row whose writer is long gone (crashed): rebuilt from the document, or deleted when the document is gone or elsewhere.</summary>
    private async Task CleanIfOldAsync(IndexedCollection c, IndexRow row, CancellationToken cancellationToken)
    {
        if (row.MarkedAt >= Now - CleanAfter || row.ETag is null)
        {
            return;
        }

        var doc = await inner.GetAsync<JsonObject>(c.Name, row.Id, cancellationToken);
        var projection = doc is null ? null : c.Project(doc.Value);
        if (projection is null || IndexKeys.Of(projection.CreatedAt, row.Id) != row.Key)
        {
            await index.TryDeleteAsync(c.Name, row.Key, row.ETag, cancellationToken);
            return;
        }

        await index.TryWriteAsync(Row(c, row.Id, row.Key, projection, doc!.ETag), row.ETag, cancellationToken);
        await WriteDueAsync(c, row.Id, projection, cancellationToken);
    }

    private async Task CompleteAsync(IndexedCollection c, string id, string key, IndexProjection projection, string etag, string mark, CancellationToken cancellationToken)
    {
        if (await index.TryWriteAsync(Row(c, id, key, projection, etag), mark, cancellationToken) is not null
            && await VersionAsync(c.Name, id, cancellationToken) is { } now && SameVersion(now, etag))
        {
            await WriteDueAsync(c, id, projection, cancellationToken);
            return;
        }

        // Another writer marked the row or wrote the document after us: rebuild from the current document, still dirty.
        var doc = await inner.GetAsync<JsonObject>(c.Name, id, cancellationToken);
        if (doc is null)
        {
            return;
        }

        var current = c.Project(doc.Value);
        await index.UpsertAsync(Row(c, id, key, current, doc.ETag) with { Dirty = true, MarkedAt = Now }, cancellationToken);
        await WriteDueAsync(c, id, current, cancellationToken);
    }

    /// <summary>After a lost conditional write: puts the marked row back in line with the current document (if no one marked it since).</summary>
    private async Task SettleAsync(IndexedCollection c, string id, string key, string mark, CancellationToken cancellationToken)
    {
        var doc = await inner.GetAsync<JsonObject>(c.Name, id, cancellationToken);
        var projection = doc is null ? null : c.Project(doc.Value);
        if (projection is not null && IndexKeys.Of(projection.CreatedAt, id) == key)
        {
            await index.TryWriteAsync(Row(c, id, key, projection, doc!.ETag), mark, cancellationToken);
        }
        else
        {
            await index.TryDeleteAsync(c.Name, key, mark, cancellationToken);
        }
    }

    private async Task WriteDueAsync(IndexedCollection c, string id, IndexProjection projection, CancellationToken cancellationToken)
    {
        if (projection.DueAt is { } at)
        {
            await index.UpsertAsync(new IndexRow { Partition = c.DuePartition, Key = IndexKeys.Of(at, id), Id = id }, cancellationToken);
        }
    }

    private async Task<string?> VersionAsync(string collection, string id, CancellationToken cancellationToken) =>
        inner is IDocumentVersions versions
            ? await versions.GetVersionAsync(collection, id, cancellationToken)
            : (await inner.GetAsync<JsonObject>(collection, id, cancellationToken))?.ETag;

    private static IndexRow Row(IndexedCollection c, string id, string key, IndexProjection projection, string etag) => new()
    {
        Partition = c.Name,
        Key = key,
        Id = id,
        Version = etag,
        Deleted = projection.Deleted,
        Fields = projection.Fields,
        Summary = projection.Summary,
    };

    /// <summary>ETags compared without quotes or weak prefix (a blob listing and a response header spell them differently).</summary>
    private static bool SameVersion(string a, string b) => Bare(a) == Bare(b);

    private static string Bare(string etag) => (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');

    private static IndexedCollection Require(string collection) =>
        IndexedCollections.Find(collection) ?? throw new ArgumentException($"Collection '{collection}' is not indexed.", nameof(collection));
}
