using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Watcher.Domain.Persistence;

/// <summary>
/// An <see cref="IDocumentIndex"/> that answers queries from a copy of each partition held in this process, and passes
/// every write and point read through to the index it wraps. The copy follows this process's writes at once, and other
/// processes' writes through the index's change feed (<see cref="IIndexChangeFeed"/>): a query finds the copy no older
/// than <see cref="IndexMirrorOptions.MaxStaleness"/>, or waits for a refresh. Every <see cref="IndexMirrorOptions.ReloadInterval"/>
/// a partition is read whole, which drops rows another process deleted.
/// <para>
/// Why: a list query on Azure Table storage is a range seek, but on Azurite (the embedded default) every query scans the
/// whole table on one thread, so 32 clients listing at 10,000 stored audits and plans waited seconds. With the copy a
/// list costs memory (the rows' list views, about 1–2 KB a row) instead of a query, and the table sees one small change
/// query per partition every <see cref="IndexMirrorOptions.MaxStaleness"/>/2 while queries come.
/// </para>
/// <para>
/// Order: every change to the copy carries a sequence number, taken before a read of the index and after a write to it;
/// a change never replaces one with a higher number. Rows a refresh read but this process changed meanwhile are read
/// again on their own. Rows deleted here are kept as tombstones until a later refresh has started, so a refresh that
/// read before the delete cannot bring them back. Written by hand: no served library keeps a read-through copy of an
/// Azure table in step with its writers.
/// </para>
/// </summary>
public sealed class MirroredDocumentIndex : IDocumentIndex, IIndexRowLookup
{
    /// <summary>How many refreshes a waiting query starts, each given up after the refresh timeout, before it fails.</summary>
    private const int MaxRefreshTimeouts = 3;

    private readonly IDocumentIndex _inner;
    private readonly IIndexChangeFeed _feed;
    private readonly IndexMirrorOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PartitionCopy> _partitions = new(StringComparer.Ordinal);
    private long _sequence;
    private long _refreshes;

    /// <summary>A copy of <paramref name="inner"/>, which must also be an <see cref="IIndexChangeFeed"/>.</summary>
    public MirroredDocumentIndex(IDocumentIndex inner, IndexMirrorOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _feed = inner as IIndexChangeFeed ?? throw new ArgumentException($"{inner.GetType().Name} has no change feed to follow.", nameof(inner));
        _options = options ?? new IndexMirrorOptions();
        _time = time ?? TimeProvider.System;
        if (_options.MaxStaleness <= TimeSpan.Zero || _options.ReloadInterval <= TimeSpan.Zero || _options.RefreshTimeout <= TimeSpan.Zero || _options.ReloadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The index mirror's MaxStaleness, ReloadInterval, RefreshTimeout and ReloadTimeout must be positive.", nameof(options));
        }
    }

    /// <summary>The index the copy follows.</summary>
    public IDocumentIndex Inner => _inner;

    /// <summary>How many refreshes (change queries and whole reads) have read the index, for tests and benchmarks.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    public async Task<string> MarkDirtyAsync(string partition, string key, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var etag = await WriteAsync(partition, () => _inner.MarkDirtyAsync(partition, key, id, at, cancellationToken));
        Apply(partition, key, current => (current ?? new IndexRow { Partition = partition, Key = key, Id = id }) with { Dirty = true, MarkedAt = at, ETag = etag });
        return etag;
    }

    public async Task<string?> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var etag = await WriteAsync(row.Partition, () => _inner.TryWriteAsync(row, ifMatch, cancellationToken));
        if (etag is null)
        {
            // The condition failed: this copy's row (whose ETag the caller likely quoted) is not the stored one.
            await GetAsync(row.Partition, row.Key, cancellationToken);
            return null;
        }

        Apply(row.Partition, row.Key, _ => row with { ETag = etag });
        return etag;
    }

    public async Task<string> UpsertAsync(IndexRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var etag = await WriteAsync(row.Partition, () => _inner.UpsertAsync(row, cancellationToken));
        Apply(row.Partition, row.Key, _ => row with { ETag = etag });
        return etag;
    }

    public async Task<bool> TryDeleteAsync(string partition, string key, string ifMatch, CancellationToken cancellationToken = default)
    {
        if (!await WriteAsync(partition, () => _inner.TryDeleteAsync(partition, key, ifMatch, cancellationToken)))
        {
            await GetAsync(partition, key, cancellationToken);
            return false;
        }

        Apply(partition, key, _ => null);
        return true;
    }

    /// <summary>Reads the row from the index itself (a point read is cheap everywhere), and brings the copy up to it.</summary>
    public async Task<IndexRow?> GetAsync(string partition, string key, CancellationToken cancellationToken = default)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var row = await _inner.GetAsync(partition, key, cancellationToken);
        Set(Partition(partition), key, row, sequence);
        return row;
    }

    public async Task<IndexRow?> FindByIdAsync(string partition, string id, CancellationToken cancellationToken = default)
    {
        var copy = await FreshAsync(partition, cancellationToken);
        lock (copy.Gate)
        {
            return copy.KeyById.TryGetValue(id, out var key) && copy.Rows.TryGetValue(key, out var entry) ? entry.Row : null;
        }
    }

    public async IAsyncEnumerable<IndexRow> QueryAsync(IndexQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var copy = await FreshAsync(query.Partition, cancellationToken);
        var batch = Math.Clamp(query.PageSizeHint, 1, 1000);
        var after = query.After;
        while (true)
        {
            var rows = new List<IndexRow>();
            bool more;
            lock (copy.Gate)
            {
                if (Sources(copy, query) is { } sources)
                {
                    more = TakeIndexed(copy, query, sources, batch, rows, ref after);
                }
                else
                {
                    more = TakeRange(copy, query, batch, rows, ref after);
                }
            }

            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return row;
            }

            if (!more)
            {
                yield break;
            }
        }
    }

    /// <summary>One batch of a query answered by walking the key range after <paramref name="after"/>. True when there may be more.</summary>
    private static bool TakeRange(PartitionCopy copy, IndexQuery query, int batch, List<IndexRow> rows, ref string? after)
    {
        var keys = copy.Rows.Keys;
        var entries = copy.Rows.Values;
        var i = FirstAfter(keys, after);
        for (; i < keys.Count && rows.Count < batch && InRange(keys[i], query.Before); i++)
        {
            if (entries[i].Row is { } row && query.Selects(row))
            {
                rows.Add(row);
            }
        }

        var more = i < keys.Count && InRange(keys[i], query.Before);
        after = more ? keys[i - 1] : null;
        return more;
    }

    private static bool InRange(string key, string? before) => before is null || string.CompareOrdinal(key, before) < 0;

    /// <summary>
    /// The key sets that hold every row <paramref name="query"/> can select, or null when only a range scan can answer it:
    /// the dirty rows' keys (a dirty row is always selected), and for a filtered query the keys carrying the values of
    /// its most selective filter (the filter with the fewest rows). Caller holds the gate.
    /// </summary>
    private static List<SortedSet<string>>? Sources(PartitionCopy copy, IndexQuery query)
    {
        if (query.DirtyOnly)
        {
            return [copy.DirtyKeys];
        }

        if (query.Filters.Count == 0)
        {
            return null;
        }

        List<SortedSet<string>>? best = null;
        var bestCount = int.MaxValue;
        foreach (var filter in query.Filters)
        {
            var sets = filter.Fields.Select(f => copy.Postings.GetValueOrDefault(PostingKey(f, filter.Value))).OfType<SortedSet<string>>().ToList();
            var count = sets.Sum(x => x.Count);
            if (count < bestCount)
            {
                (best, bestCount) = (sets, count);
            }
        }

        if (copy.DirtyKeys.Count > 0)
        {
            best!.Add(copy.DirtyKeys);
        }

        return best;
    }

    /// <summary>
    /// One batch of a query answered from key sets (see <see cref="Sources"/>), in key order: takes up to
    /// <paramref name="batch"/> keys after <paramref name="after"/> from each set, merges them, and evaluates rows up to the
    /// smallest key at which a set was cut off (beyond it a set may hold keys not taken). True when there may be more.
    /// </summary>
    private static bool TakeIndexed(PartitionCopy copy, IndexQuery query, List<SortedSet<string>> sources, int batch, List<IndexRow> rows, ref string? after)
    {
        var lower = after ?? string.Empty;
        var upper = query.Before ?? MaxKey;
        if (string.CompareOrdinal(lower, upper) > 0)
        {
            return false;
        }

        var merged = new SortedSet<string>(StringComparer.Ordinal);
        string? bound = null;
        foreach (var set in sources)
        {
            var taken = 0;
            foreach (var key in set.GetViewBetween(lower, upper))
            {
                if ((after is not null && key == after) || !InRange(key, query.Before))
                {
                    continue;
                }

                merged.Add(key);
                if (++taken == batch)
                {
                    bound = bound is null || string.CompareOrdinal(key, bound) < 0 ? key : bound;
                    break;
                }
            }
        }

        foreach (var key in merged)
        {
            if (bound is not null && string.CompareOrdinal(key, bound) > 0)
            {
                break;
            }

            after = key;
            if (copy.Rows.TryGetValue(key, out var entry) && entry.Row is { } row && query.Selects(row))
            {
                rows.Add(row);
                if (rows.Count == batch)
                {
                    return true;
                }
            }
        }

        return bound is not null;
    }

    /// <summary>Above every index key (keys are ASCII), as the upper end of an open range.</summary>
    private static readonly string MaxKey = new('\uffff', 1);

    private static string PostingKey(string field, string value) => string.Concat(field, "\u0000", value);

    /// <summary>The index of the first key strictly after <paramref name="after"/> (0 when null).</summary>
    private static int FirstAfter(IList<string> keys, string? after)
    {
        if (after is null)
        {
            return 0;
        }

        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (string.CompareOrdinal(keys[mid], after) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private PartitionCopy Partition(string name) => _partitions.GetOrAdd(name, n => new PartitionCopy(n));

    private async Task<T> WriteAsync<T>(string partition, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch
        {
            // The write may have landed or not: the next query waits for a refresh, which reads it if it did.
            var copy = Partition(partition);
            lock (copy.Gate)
            {
                copy.RefreshedAt = DateTimeOffset.MinValue;
            }

            throw;
        }
    }

    /// <summary>Applies this process's write, numbered after it completed.</summary>
    private void Apply(string partition, string key, Func<IndexRow?, IndexRow?> change)
    {
        var copy = Partition(partition);
        var sequence = Interlocked.Increment(ref _sequence);
        lock (copy.Gate)
        {
            Put(copy, key, change(copy.Rows.TryGetValue(key, out var current) ? current.Row : null), sequence);
        }
    }

    private static void Set(PartitionCopy copy, string key, IndexRow? row, long sequence)
    {
        lock (copy.Gate)
        {
            if (!copy.Rows.TryGetValue(key, out var current) || current.Sequence < sequence)
            {
                Put(copy, key, row, sequence);
            }
        }
    }

    private static void Put(PartitionCopy copy, string key, IndexRow? row, long sequence)
    {
        var wasTombstone = false;
        if (copy.Rows.TryGetValue(key, out var current))
        {
            wasTombstone = current.Row is null;
            Unpost(copy, key, current.Row);
        }

        copy.Rows[key] = new Entry(row, sequence);
        Post(copy, key, row);
        copy.Tombstones += (row is null ? 1 : 0) - (wasTombstone ? 1 : 0);
    }

    private static void Remove(PartitionCopy copy, string key)
    {
        if (copy.Rows.TryGetValue(key, out var current))
        {
            copy.Tombstones -= current.Row is null ? 1 : 0;
            Unpost(copy, key, current.Row);
            copy.Rows.Remove(key);
        }
    }

    /// <summary>Adds a row's key to the key sets of its field values (and of dirty rows), which filtered queries read.</summary>
    private static void Post(PartitionCopy copy, string key, IndexRow? row)
    {
        if (row is null)
        {
            return;
        }

        if (row.Dirty)
        {
            copy.DirtyKeys.Add(key);
        }

        copy.KeyById[row.Id] = key;

        foreach (var (field, value) in row.Fields)
        {
            var posting = PostingKey(field, value);
            if (!copy.Postings.TryGetValue(posting, out var set))
            {
                copy.Postings[posting] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(key);
        }
    }

    private static void Unpost(PartitionCopy copy, string key, IndexRow? row)
    {
        if (row is null)
        {
            return;
        }

        copy.DirtyKeys.Remove(key);
        if (copy.KeyById.TryGetValue(row.Id, out var mapped) && mapped == key)
        {
            copy.KeyById.Remove(row.Id);
        }

        foreach (var (field, value) in row.Fields)
        {
            var posting = PostingKey(field, value);
            if (copy.Postings.TryGetValue(posting, out var set) && set.Remove(key) && set.Count == 0)
            {
                copy.Postings.Remove(posting);
            }
        }
    }

    /// <summary>
    /// The partition's copy, once a refresh that started no more than <see cref="IndexMirrorOptions.MaxStaleness"/> before
    /// this call has completed; a refresh starts in the background when the copy is half as old.
    /// </summary>
    private async Task<PartitionCopy> FreshAsync(string partition, CancellationToken cancellationToken)
    {
        var copy = Partition(partition);
        var arrival = _time.GetUtcNow();
        var timeouts = 0;
        while (true)
        {
            Task wait;
            lock (copy.Gate)
            {
                var now = _time.GetUtcNow();
                var stale = !copy.Loaded || arrival - copy.RefreshedAt > _options.MaxStaleness;
                if (copy.Loaded && copy.Reloading is null && now - copy.ReloadedAt >= _options.ReloadInterval)
                {
                    // The periodic whole read runs beside the change reads, never in their way: at 10,000 rows it takes
                    // seconds, and queries waiting for it would stall past the staleness bound.
                    copy.ReloadedAt = now;
                    copy.Reloading = Task.Run(() => ReloadAsync(copy), CancellationToken.None);
                    copy.Reloading.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }

                if (copy.Refreshing is null && (stale || now - copy.RefreshedAt > _options.MaxStaleness / 2))
                {
                    copy.Refreshing = Task.Run(() => RefreshAsync(copy, now), CancellationToken.None);
                    if (!stale)
                    {
                        // Nobody waits for a background refresh: a failure shows to the query that next finds the copy stale.
                        copy.Refreshing.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    }
                }

                if (!stale)
                {
                    return copy;
                }

                // The refresh under way may have started too early for this call; then the loop starts another after it.
                wait = copy.Refreshing!;
            }

            try
            {
                await wait.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The refresh timed out (RefreshTimeout): the loop starts another, on a fresh request. After the third,
                // the caller learns that storage does not answer, as a timeout: not as a cancellation, which callers
                // rightly take for their own (a host's timer would stop, a request would look abandoned).
                if (++timeouts >= MaxRefreshTimeouts)
                {
                    throw new TimeoutException($"The document index did not answer: {MaxRefreshTimeouts} reads of partition '{partition}' got no answer within {_options.RefreshTimeout.TotalSeconds:0.#} s each.", ex);
                }
            }
        }
    }

    /// <summary>
    /// Reads the changes since the last refresh (or, first, the whole partition) and merges them; at most one per
    /// partition at a time (<see cref="PartitionCopy.Refreshing"/>).
    /// </summary>
    private async Task RefreshAsync(PartitionCopy copy, DateTimeOffset started)
    {
        try
        {
            var sequence = Interlocked.Increment(ref _sequence);
            bool whole;
            DateTimeOffset? since;
            lock (copy.Gate)
            {
                whole = !copy.Loaded;
                since = whole ? null : copy.Since;
            }

            using var timeout = new CancellationTokenSource(_options.RefreshTimeout, _time);
            var changes = await _feed.ChangesAsync(copy.Name, since, timeout.Token);
            Interlocked.Increment(ref _refreshes);
            var again = new List<string>();
            lock (copy.Gate)
            {
                var seen = whole ? new HashSet<string>(StringComparer.Ordinal) : null;
                foreach (var row in changes.Rows)
                {
                    seen?.Add(row.Key);
                    if (copy.Rows.TryGetValue(row.Key, out var current) && current.Sequence > sequence)
                    {
                        // Changed here while the refresh read: which is newer is unknown, so read it once more.
                        again.Add(row.Key);
                        continue;
                    }

                    Put(copy, row.Key, row, sequence);
                }

                // Rows gone from a whole read, and tombstones no refresh can undo any more (this one started after them;
                // a periodic whole read never brings rows back, see ReloadAsync).
                if (whole || copy.Tombstones > 0)
                {
                    foreach (var key in copy.Rows.Where(e => e.Value.Sequence < sequence && (e.Value.Row is null || (seen is not null && !seen.Contains(e.Key)))).Select(e => e.Key).ToList())
                    {
                        Remove(copy, key);
                    }
                }

                if (whole)
                {
                    copy.Loaded = true;
                    copy.ReloadedAt = started;
                }

                copy.Since = changes.Next;
                copy.RefreshedAt = started;
            }

            await ReadAgainAsync(copy, again, timeout.Token);
        }
        finally
        {
            lock (copy.Gate)
            {
                copy.Refreshing = null;
            }
        }
    }

    /// <summary>
    /// The periodic whole read (<see cref="IndexMirrorOptions.ReloadInterval"/>), which finds the rows other processes
    /// deleted. It runs beside the change reads, never in their way (at 10,000 rows it takes seconds, and queries waiting
    /// for it would stall past the staleness bound), so it changes nothing it read: rows of the copy it did not find are
    /// read again one by one, and only those the index no longer has leave the copy.
    /// </summary>
    private async Task ReloadAsync(PartitionCopy copy)
    {
        try
        {
            var sequence = Interlocked.Increment(ref _sequence);
            using var timeout = new CancellationTokenSource(_options.ReloadTimeout, _time);
            var changes = await _feed.ChangesAsync(copy.Name, null, timeout.Token);
            Interlocked.Increment(ref _refreshes);
            List<string> missing;
            lock (copy.Gate)
            {
                var seen = changes.Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
                missing = copy.Rows.Where(e => e.Value.Row is not null && e.Value.Sequence < sequence && !seen.Contains(e.Key)).Select(e => e.Key).ToList();
            }

            await ReadAgainAsync(copy, missing, timeout.Token);
        }
        finally
        {
            lock (copy.Gate)
            {
                copy.Reloading = null;
            }
        }
    }

    /// <summary>Reads rows from the index one by one and brings the copy up to them (a row gone becomes a tombstone).</summary>
    private async Task ReadAgainAsync(PartitionCopy copy, List<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            var reread = Interlocked.Increment(ref _sequence);
            Set(copy, key, await _inner.GetAsync(copy.Name, key, cancellationToken), reread);
        }
    }

    private readonly record struct Entry(IndexRow? Row, long Sequence);

    /// <summary>One partition's copy; every field is guarded by <see cref="Gate"/>.</summary>
    private sealed class PartitionCopy(string name)
    {
        public string Name { get; } = name;

        public object Gate { get; } = new();

        public SortedList<string, Entry> Rows { get; } = new(StringComparer.Ordinal);

        /// <summary>The keys of the rows carrying each field value (<see cref="PostingKey"/>), so a filtered query reads only its matches.</summary>
        public Dictionary<string, SortedSet<string>> Postings { get; } = new(StringComparer.Ordinal);

        /// <summary>The key of each document's row, by document id (markers are resolved by id).</summary>
        public Dictionary<string, string> KeyById { get; } = new(StringComparer.Ordinal);

        /// <summary>The keys of the dirty rows, which every query selects.</summary>
        public SortedSet<string> DirtyKeys { get; } = new(StringComparer.Ordinal);

        public int Tombstones { get; set; }

        public bool Loaded { get; set; }

        public DateTimeOffset? Since { get; set; }

        public DateTimeOffset RefreshedAt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset ReloadedAt { get; set; } = DateTimeOffset.MinValue;

        public Task? Refreshing { get; set; }

        public Task? Reloading { get; set; }
    }
}
