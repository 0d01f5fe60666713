using System.Globalization;
using System.Runtime.CompilerServices;

namespace Watcher.Domain.Persistence;

/// <summary>A process-local <see cref="IDocumentIndex"/> with the same semantics as the Azure Table one; for tests and the in-memory store.</summary>
public sealed class InMemoryDocumentIndex : IDocumentIndex
{
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
            rows[key] = current with { Dirty = true, MarkedAt = at, ETag = etag };
            return Task.FromResult(etag);
        }
    }

    public Task<bool> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            var rows = Partition(row.Partition);
            var exists = rows.TryGetValue(row.Key, out var current);
            if (ifMatch is null ? exists : !exists || current!.ETag != ifMatch)
            {
                return Task.FromResult(false);
            }

            rows[row.Key] = row with { ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task UpsertAsync(IndexRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            Partition(row.Partition)[row.Key] = row with { ETag = NextETag() };
            return Task.CompletedTask;
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

    private string NextETag() => "W/\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
}
