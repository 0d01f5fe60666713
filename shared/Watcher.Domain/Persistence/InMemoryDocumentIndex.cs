using System.Globalization;
using System.Runtime.CompilerServices;

namespace Watcher.Domain.Persistence;

/// <summary>
/// A process-local <see cref="IDocumentIndex"/> with the same semantics as the Azure Table one, change feed included
/// (rows are stamped with <paramref name="time"/>); for tests and the in-memory store.
/// </summary>
public sealed class InMemoryDocumentIndex(TimeProvider? time = null) : IDocumentIndex, IIndexChangeFeed
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedList<string, IndexRow>> _partitions = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>How many rows are stored (all partitions), for tests.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _partitions.Values.Sum(p => p.Count);
            }
        }
    }

    public Task<string> MarkDirtyAsync(string partition, string key, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = Partition(partition);
            var current = rows.GetValueOrDefault(key) ?? new IndexRow { Partition = partition, Key = key, Id = id };
            var etag = NextETag();
            rows[key] = current with { Dirty = true, MarkedAt = at, ETag = etag, ChangedAt = _time.GetUtcNow() };
            return Task.FromResult(etag);
        }
    }

    public Task<string?> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            var rows = Partition(row.Partition);
            var exists = rows.TryGetValue(row.Key, out var current);
            if (ifMatch is null ? exists : !exists || current!.ETag != ifMatch)
            {
                return Task.FromResult<string?>(null);
            }

            return Task.FromResult<string?>(Store(rows, row));
        }
    }

    public Task<string> UpsertAsync(IndexRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            return Task.FromResult(Store(Partition(row.Partition), row));
        }
    }

    public Task<IndexChanges> ChangesAsync(string partition, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Writes are stamped under the same lock, so the time of this read is an exact start for the next one.
            var next = _time.GetUtcNow();
            var rows = Partition(partition).Values.Where(r => since is null || r.ChangedAt >= since).ToList();
            return Task.FromResult(new IndexChanges(rows, next));
        }
    }

    public Task<bool> TryDeleteAsync(string partition, string key, string ifMatch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = Partition(partition);
            return Task.FromResult(rows.TryGetValue(key, out var current) && current.ETag == ifMatch && rows.Remove(key));
        }
    }

    public Task<IndexRow?> GetAsync(string partition, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Partition(partition).GetValueOrDefault(key));
        }
    }

    public async IAsyncEnumerable<IndexRow> QueryAsync(IndexQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<IndexRow> selected;
        lock (_gate)
        {
            selected = Partition(query.Partition).Values.Where(query.Selects).ToList();
        }

        foreach (var row in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }

    private SortedList<string, IndexRow> Partition(string name)
    {
        if (!_partitions.TryGetValue(name, out var rows))
        {
            rows = new SortedList<string, IndexRow>(StringComparer.Ordinal);
            _partitions[name] = rows;
        }

        return rows;
    }

    private string Store(SortedList<string, IndexRow> rows, IndexRow row)
    {
        var etag = NextETag();
        rows[row.Key] = row with { ETag = etag, ChangedAt = _time.GetUtcNow() };
        return etag;
    }

    private string NextETag() => "W/\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
}
