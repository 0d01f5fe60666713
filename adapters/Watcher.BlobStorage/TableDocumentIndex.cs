using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>
/// <see cref="IDocumentIndex"/> on Azure Table storage (or Azurite): PartitionKey = collection (or <c>audits.due</c>),
/// RowKey = the sortable key, so a page in the default order is one range query. Filter fields are columns
/// <c>f_{field}</c>, evaluated by the table service; rows' own ETags make writes conditional. The change feed reads rows
/// by the service's <c>Timestamp</c>.
/// </summary>
public sealed class TableDocumentIndex : IDocumentIndex, IIndexChangeFeed
{
    /// <summary>
    /// Taken off the next change query's start beyond the first response's round trip: the <c>Date</c> header is in whole
    /// seconds, and a write's <c>Timestamp</c> is set a moment before the write becomes visible.
    /// </summary>
    private static readonly TimeSpan ChangeMargin = TimeSpan.FromSeconds(2);

    private const string FieldPrefix = "f_";
    private readonly TableClient _table;
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile bool _created;

    public TableDocumentIndex(TableClient table) => _table = table;

    public TableDocumentIndex(string connectionString, string tableName)
        : this(new TableClient(connectionString, tableName))
    {
    }

    public async Task<string> MarkDirtyAsync(string partition, string key, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var entity = new TableEntity(partition, key) { ["Id"] = id, ["Dirty"] = true, ["MarkedAt"] = at };
        return ETagOf(await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken));
    }

    public async Task<string?> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await EnsureAsync(cancellationToken);
        try
        {
            var response = ifMatch is null
                ? await _table.AddEntityAsync(ToEntity(row), cancellationToken)
                : await _table.UpdateEntityAsync(ToEntity(row), new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
            return ETagOf(response);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async Task<string> UpsertAsync(IndexRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await EnsureAsync(cancellationToken);
        return ETagOf(await _table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken));
    }

    public async Task<IndexChanges> ChangesAsync(string partition, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var filter = since is { } from
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Timestamp ge {from}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var rows = new List<IndexRow>();
        DateTimeOffset? next = null;
        var clock = Stopwatch.StartNew();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
        {
            // The service's time when the query began is at least the first answer's Date less its round trip: a write
            // made visible after that has a Timestamp at or after it (less the margin), and the next query starts there.
            next ??= (page.GetRawResponse().Headers.Date ?? throw new InvalidOperationException("The table service returned no Date header."))
                - clock.Elapsed - ChangeMargin;
            rows.AddRange(page.Values.Select(FromEntity));
        }

        return new IndexChanges(rows, next ?? throw new InvalidOperationException("The table service returned no page."));
    }

    /// <summary>Upserts many rows in entity-group transactions (100 rows of one partition per round trip): for bulk loads into a new index.</summary>
    public async Task UpsertManyAsync(IEnumerable<IndexRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await EnsureAsync(cancellationToken);
        foreach (var partition in rows.GroupBy(r => r.Partition))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await _table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))), cancellationToken);
            }
        }
    }

    public async Task<bool> TryDeleteAsync(string partition, string key, string ifMatch, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        try
        {
            var response = await _table.DeleteEntityAsync(partition, key, new ETag(ifMatch), cancellationToken);
            return response.Status is >= 200 and < 300;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IndexRow?> GetAsync(string partition, string key, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<IndexRow> QueryAsync(IndexQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureAsync(cancellationToken);
        await foreach (var entity in _table.QueryAsync<TableEntity>(Filter(query), maxPerPage: Math.Clamp(query.PageSizeHint, 1, 1000), cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>The OData filter of a query: the key range, then dirty rows or (not deleted and every filter).</summary>
    internal static string Filter(IndexQuery query)
    {
        var filter = new StringBuilder($"PartitionKey eq {Quote(query.Partition)}");
        if (query.After is not null)
        {
            filter.Append($" and RowKey gt {Quote(query.After)}");
        }

        if (query.Before is not null)
        {
            filter.Append($" and RowKey lt {Quote(query.Before)}");
        }

        if (query.DirtyOnly)
        {
            return filter.Append(" and Dirty eq true").ToString();
        }

        var match = new List<string>();
        if (!query.IncludeDeleted)
        {
            match.Add("Deleted eq false");
        }

        match.AddRange(query.Filters.Select(f => "(" + string.Join(" or ", f.Fields.Select(field => $"{FieldPrefix}{Column(field)} eq {Quote(f.Value)}")) + ")"));
        if (match.Count > 0)
        {
            filter.Append(" and (Dirty eq true or (").Append(string.Join(" and ", match)).Append("))");
        }

        return filter.ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Column(string field) =>
        field.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') ? field : throw new ArgumentException($"Index field '{field}' is not a valid column name.", nameof(field));

    private static TableEntity ToEntity(IndexRow row)
    {
        var entity = new TableEntity(row.Partition, row.Key)
        {
            ["Id"] = row.Id,
            ["Version"] = row.Version,
            ["Deleted"] = row.Deleted,
            ["Dirty"] = row.Dirty,
            ["MarkedAt"] = row.MarkedAt,
            ["Summary"] = row.Summary,
        };
        foreach (var (field, value) in row.Fields)
        {
            entity[FieldPrefix + Column(field)] = value;
        }

        return entity;
    }

    private static IndexRow FromEntity(TableEntity entity) => new()
    {
        Partition = entity.PartitionKey,
        Key = entity.RowKey,
        Id = entity.GetString("Id") ?? entity.RowKey,
        Version = entity.GetString("Version"),
        Deleted = entity.GetBoolean("Deleted") ?? false,
        Dirty = entity.GetBoolean("Dirty") ?? false,
        MarkedAt = entity.GetDateTimeOffset("MarkedAt"),
        Summary = entity.GetString("Summary"),
        Fields = entity.Keys.Where(k => k.StartsWith(FieldPrefix, StringComparison.Ordinal) && entity[k] is string)
            .ToDictionary(k => k[FieldPrefix.Length..], k => (string)entity[k], StringComparer.Ordinal),
        ETag = entity.ETag.ToString(),
        ChangedAt = entity.Timestamp,
    };

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _ensure.Release();
        }
    }
}
