using Microsoft.Extensions.Time.Testing;
using Watcher.Domain.Persistence;

namespace Watcher.Domain.Tests.Persistence;

/// <summary>
/// The index's in-process copy: this process's writes at once, other writers' within the staleness bound, deletes at the
/// next whole read, and no refresh that read before a local change ever undoes it. The "other writer" writes to the
/// wrapped index directly, as another process would.
/// </summary>
public sealed class MirroredDocumentIndexTests
{
    private const string P = "audits";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IndexMirrorOptions Options = new() { MaxStaleness = TimeSpan.FromSeconds(2), ReloadInterval = TimeSpan.FromMinutes(5) };

    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public async Task QueryAsync_OwnWrite_SeenAtOnceWithoutReadingTheIndex()
    {
        var (inner, mirror) = New();
        await mirror.UpsertAsync(Row("1", "a"));
        Assert.Equal(["1"], await IdsAsync(mirror));
        var loads = mirror.Refreshes;

        await mirror.UpsertAsync(Row("2", "b"));
        var etag = await mirror.TryWriteAsync(Row("1", "a2"), (await inner.GetAsync(P, Key("1")))!.ETag);

        Assert.Equal(["1", "2"], await IdsAsync(mirror));
        Assert.Equal("a2", (await QueryAsync(mirror)).Single(r => r.Id == "1").Fields["name"]);
        Assert.Equal((await inner.GetAsync(P, Key("1")))!.ETag, etag);
        Assert.Equal(loads, mirror.Refreshes);
    }

    [Fact]
    public async Task QueryAsync_OtherWriter_SeenOnceTheCopyIsOlderThanMaxStaleness()
    {
        var (inner, mirror) = New();
        Assert.Empty(await IdsAsync(mirror));

        await inner.UpsertAsync(Row("1", "a"));
        _time.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Empty(await IdsAsync(mirror));

        _time.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal(["1"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task QueryAsync_HalfStale_ServedAndRefreshedInTheBackground()
    {
        var (inner, mirror) = New();
        Assert.Empty(await IdsAsync(mirror));
        await inner.UpsertAsync(Row("1", "a"));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        var served = await IdsAsync(mirror);
        await WaitUntilAsync(() => mirror.Refreshes == 2);

        Assert.Empty(served);
        Assert.Equal(["1"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task QueryAsync_RowDeletedByOtherWriter_GoneAtTheNextWholeRead()
    {
        var (inner, mirror) = New();
        await mirror.UpsertAsync(Row("1", "a"));
        await mirror.UpsertAsync(Row("2", "b"));
        Assert.Equal(["1", "2"], await IdsAsync(mirror));

        Assert.True(await inner.TryDeleteAsync(P, Key("1"), (await inner.GetAsync(P, Key("1")))!.ETag!));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["1", "2"], await IdsAsync(mirror));

        // The whole read runs beside the queries (it never holds them up): the one that finds it due starts it.
        _time.Advance(Options.ReloadInterval);
        var refreshes = mirror.Refreshes;
        await IdsAsync(mirror);
        await WaitUntilAsync(() => mirror.Refreshes >= refreshes + 2);
        Assert.Equal(["2"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task QueryAsync_WholeReadHeld_QueriesStillServedAndOtherWritesSeen()
    {
        var (inner, gated, mirror) = NewGated();
        await mirror.UpsertAsync(Row("1", "a"));
        Assert.Equal(["1"], await IdsAsync(mirror));

        // The periodic whole read is held after reading; meanwhile another writer adds a row and change reads go on.
        _time.Advance(Options.ReloadInterval);
        gated.HoldOnlyWholeReads = true;
        gated.Hold();
        var first = await IdsAsync(mirror).WaitAsync(TimeSpan.FromSeconds(10));
        await gated.Read;
        await inner.UpsertAsync(Row("2", "b"));
        _time.Advance(TimeSpan.FromSeconds(3));
        var served = await IdsAsync(mirror).WaitAsync(TimeSpan.FromSeconds(10));
        gated.Release();
        await WaitUntilAsync(() => mirror.Refreshes >= 4);

        Assert.Equal(["1"], first);
        Assert.Equal(["1", "2"], served);
        Assert.Equal(["1", "2"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task TryDeleteAsync_CopyBehindTheIndex_FailsAndCatchesTheRowUp()
    {
        var (inner, mirror) = New();
        await mirror.UpsertAsync(Row("1", "a"));
        var seen = (await QueryAsync(mirror)).Single();
        await inner.UpsertAsync(Row("1", "changed elsewhere"));

        Assert.False(await mirror.TryDeleteAsync(P, seen.Key, seen.ETag!));
        Assert.Null(await mirror.TryWriteAsync(Row("1", "x"), seen.ETag));

        var now = (await QueryAsync(mirror)).Single();
        Assert.Equal("changed elsewhere", now.Fields["name"]);
        Assert.True(await mirror.TryDeleteAsync(P, now.Key, now.ETag!));
        Assert.Empty(await IdsAsync(mirror));
    }

    [Fact]
    public async Task Refresh_OwnWriteWhileItReads_KeepsTheNewerRow()
    {
        var (inner, gated, mirror) = NewGated();
        await mirror.UpsertAsync(Row("1", "old"));
        Assert.Equal(["1"], await IdsAsync(mirror));

        _time.Advance(TimeSpan.FromSeconds(3));
        gated.Hold();
        var query = QueryAsync(mirror);
        await gated.Read.WaitAsync(TimeSpan.FromSeconds(10));
        await mirror.UpsertAsync(Row("1", "new"));
        gated.Release();

        Assert.Equal("new", (await query).Single().Fields["name"]);
        Assert.Equal("new", (await QueryAsync(mirror)).Single().Fields["name"]);
    }

    [Fact]
    public async Task Refresh_OwnDeleteWhileItReads_RowStaysGone()
    {
        var (inner, gated, mirror) = NewGated();
        await mirror.UpsertAsync(Row("1", "a"));
        await mirror.UpsertAsync(Row("2", "b"));
        Assert.Equal(["1", "2"], await IdsAsync(mirror));

        _time.Advance(Options.ReloadInterval);
        gated.Hold();
        var query = QueryAsync(mirror);
        await gated.Read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await mirror.TryDeleteAsync(P, Key("1"), (await inner.GetAsync(P, Key("1")))!.ETag!));
        gated.Release();

        Assert.Equal(["2"], (await query).Select(r => r.Id));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["2"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task QueryAsync_IndexUnavailable_FailsThenRecovers()
    {
        var (inner, gated, mirror) = NewGated();
        await inner.UpsertAsync(Row("1", "a"));

        gated.Fail = true;
        await Assert.ThrowsAsync<IOException>(() => IdsAsync(mirror));
        gated.Fail = false;

        Assert.Equal(["1"], await IdsAsync(mirror));
    }

    [Fact]
    public async Task QueryAsync_RangesFiltersAndPages_SameRowsAsTheIndex()
    {
        var (inner, mirror) = New();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var row = Row($"{i:D3}", $"n{random.Next(5)}") with { Deleted = random.Next(6) == 0, Dirty = random.Next(9) == 0 };
            await (random.Next(2) == 0 ? (IDocumentIndex)mirror : inner).UpsertAsync(row);
        }

        _time.Advance(TimeSpan.FromSeconds(3));
        for (var q = 0; q < 200; q++)
        {
            var a = random.Next(320);
            var query = new IndexQuery(P)
            {
                After = random.Next(3) == 0 ? null : Key($"{a:D3}"),
                Before = random.Next(3) == 0 ? null : Key($"{a + random.Next(100):D3}"),
                Filters = random.Next(2) == 0 ? [] : [IndexFilter.On("name", $"n{random.Next(5)}")],
                DirtyOnly = random.Next(8) == 0,
                IncludeDeleted = random.Next(8) == 0,
                PageSizeHint = random.Next(1, 40),
            };

            Assert.Equal(await ToListAsync(inner.QueryAsync(query)), await ToListAsync(mirror.QueryAsync(query)));
        }
    }

    [Fact]
    public async Task Writes_ConcurrentWithQueriesAndRefreshes_CopyEndsEqualToTheIndex()
    {
        var (inner, mirror) = New();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var id = $"{w}-{i % 37}";
                switch (i % 4)
                {
                    case 0:
                        await mirror.UpsertAsync(Row(id, $"v{i}"));
                        break;
                    case 1:
                        await inner.UpsertAsync(Row(id, $"other{i}"));
                        break;
                    case 2 when await mirror.GetAsync(P, Key(id)) is { ETag: { } etag }:
                        await mirror.TryDeleteAsync(P, Key(id), etag);
                        break;
                    default:
                        await mirror.MarkDirtyAsync(P, Key(id), id, T0);
                        break;
                }

                if (i % 10 == 0)
                {
                    _time.Advance(TimeSpan.FromSeconds(1.1));
                    await IdsAsync(mirror);
                }
            }
        })).ToList();
        await Task.WhenAll(writers);

        _time.Advance(Options.ReloadInterval);
        var all = new IndexQuery(P) { IncludeDeleted = true };
        Assert.Equal(await ToListAsync(inner.QueryAsync(all)), await ToListAsync(mirror.QueryAsync(all)));
    }

    [Fact]
    public async Task QueryAsync_RefreshGetsNoAnswer_GivenUpAfterRefreshTimeoutAndStartedAgain()
    {
        var (inner, gated, mirror) = NewGated();
        await inner.UpsertAsync(Row("1", "a"));
        gated.Hold();

        // The first read gets no answer: past RefreshTimeout it is given up, and the waiting query starts another.
        var query = IdsAsync(mirror);
        await gated.Read;
        _time.Advance(Options.RefreshTimeout + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => gated.Calls == 2);
        gated.Release();

        Assert.Equal(["1"], await query.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task QueryAsync_RefreshNeverAnswers_FailsWithATimeoutNotACancellation()
    {
        // Three refreshes with no answer: the query fails as a timeout, which callers treat as a failure. A cancellation
        // (as before) stopped the local host: its timer took it for the host's own shutdown.
        var (inner, gated, mirror) = NewGated();
        await inner.UpsertAsync(Row("1", "a"));
        gated.Hold();

        var query = IdsAsync(mirror);
        for (var read = 1; read <= 3; read++)
        {
            await WaitUntilAsync(() => gated.Calls == read);
            _time.Advance(Options.RefreshTimeout + TimeSpan.FromSeconds(1));
        }

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => query.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("did not answer", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, gated.Calls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task QueryAsync_FilteredRangedAndPagedAfterRandomWrites_SameRowsAsTheIndexItself(int seed)
    {
        // Filtered and dirty-only queries read per-value key sets; whatever the writes did to them, every query must
        // answer exactly what the wrapped index answers (a plain evaluation of IndexQuery.Selects).
        var (inner, mirror) = New();
        var random = new Random(seed);
        string[] states = ["PENDING", "ONGOING", "SUCCEEDED", "FAILED"];
        string[] audits = ["a1", "a2", "a3"];
        var ids = Enumerable.Range(0, 60).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var step = 0; step < 400; step++)
        {
            var id = ids[random.Next(ids.Count)];
            var current = await inner.GetAsync(P, Key(id));
            switch (random.Next(6))
            {
                case 0 when current is not null:
                    await mirror.TryDeleteAsync(P, Key(id), current.ETag!);
                    break;
                case 1:
                    await mirror.MarkDirtyAsync(P, Key(id), id, T0);
                    break;
                default:
                    var fields = new Dictionary<string, string> { ["state"] = states[random.Next(states.Length)], ["audit_uuid"] = audits[random.Next(audits.Length)] };
                    if (random.Next(3) == 0)
                    {
                        fields["name"] = "n" + random.Next(4);
                    }

                    await mirror.UpsertAsync(new IndexRow { Partition = P, Key = Key(id), Id = id, Version = "v", Deleted = random.Next(8) == 0, Fields = fields });
                    break;
            }

            if (step % 20 != 19)
            {
                continue;
            }

            foreach (var query in Queries(random, states, audits, ids))
            {
                var expected = (await ToListAsync(inner.QueryAsync(query))).Select(r => r.Key).ToList();
                var actual = (await ToListAsync(mirror.QueryAsync(query))).Select(r => r.Key).ToList();
                Assert.True(expected.SequenceEqual(actual), $"step {step}, {Describe(query)}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
        }
    }

    private static IEnumerable<IndexQuery> Queries(Random random, string[] states, string[] audits, List<string> ids)
    {
        string? Bound() => random.Next(3) == 0 ? null : Key(ids[random.Next(ids.Count)]);
        yield return new IndexQuery(P) { Filters = [IndexFilter.On("state", states[random.Next(states.Length)])], PageSizeHint = 1 + random.Next(5) };
        yield return new IndexQuery(P) { Filters = [IndexFilter.On("audit_uuid", audits[random.Next(audits.Length)]), IndexFilter.On("state", states[random.Next(states.Length)])], After = Bound(), Before = Bound(), PageSizeHint = 1 + random.Next(5) };
        yield return new IndexQuery(P) { Filters = [new IndexFilter(["name", "audit_uuid"], random.Next(2) == 0 ? "n1" : "a2")], IncludeDeleted = random.Next(2) == 0, PageSizeHint = 1 + random.Next(5) };
        yield return new IndexQuery(P) { Filters = [IndexFilter.On("state", "NO-SUCH-STATE")], PageSizeHint = 3 };
        yield return new IndexQuery(P) { DirtyOnly = true, After = Bound(), PageSizeHint = 1 + random.Next(5) };
        yield return new IndexQuery(P) { After = Bound(), Before = Bound(), PageSizeHint = 1 + random.Next(5) };
    }

    private static string Describe(IndexQuery q) =>
        $"filters [{string.Join("; ", q.Filters.Select(f => $"{string.Join("|", f.Fields)}={f.Value}"))}] after {q.After ?? "-"} before {q.Before ?? "-"} page {q.PageSizeHint} dirtyOnly {q.DirtyOnly} deleted {q.IncludeDeleted}";

    private (InMemoryDocumentIndex Inner, MirroredDocumentIndex Mirror) New()
    {
        var inner = new InMemoryDocumentIndex(_time);
        return (inner, new MirroredDocumentIndex(inner, Options, _time));
    }

    private (InMemoryDocumentIndex Inner, GatedIndex Gated, MirroredDocumentIndex Mirror) NewGated()
    {
        var inner = new InMemoryDocumentIndex(_time);
        var gated = new GatedIndex(inner);
        return (inner, gated, new MirroredDocumentIndex(gated, Options, _time));
    }

    private static string Key(string id) => IndexKeys.Of(T0, id);

    private static IndexRow Row(string id, string name) =>
        new() { Partition = P, Key = Key(id), Id = id, Version = "v", Fields = new Dictionary<string, string> { ["name"] = name } };

    private static Task<List<IndexRow>> QueryAsync(IDocumentIndex index) => ToListAsync(index.QueryAsync(new IndexQuery(P)));

    private static async Task<List<string>> IdsAsync(IDocumentIndex index) => (await QueryAsync(index)).Select(r => r.Id).ToList();

    private static async Task<List<IndexRow>> ToListAsync(IAsyncEnumerable<IndexRow> rows)
    {
        var list = new List<IndexRow>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>An index whose change feed can be held after it has read (to interleave a write), or fail.</summary>
    private sealed class GatedIndex(InMemoryDocumentIndex inner) : IDocumentIndex, IIndexChangeFeed
    {
        private TaskCompletionSource _gate = Open();
        private int _calls;

        public TaskCompletionSource Reading { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Read => Reading.Task;

        public bool Fail { get; set; }

        public void Hold()
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _gate.TrySetResult();

        /// <summary>How many change reads (whole or not) were asked for.</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>When set, only whole reads (no <c>since</c>) are held; change reads pass.</summary>
        public bool HoldOnlyWholeReads { get; set; }

        public async Task<IndexChanges> ChangesAsync(string partition, DateTimeOffset? since, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new IOException("index unavailable");
            }

            Interlocked.Increment(ref _calls);
            var changes = await inner.ChangesAsync(partition, since, cancellationToken);
            if (HoldOnlyWholeReads && since is not null)
            {
                return changes;
            }

            Reading.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            return changes;
        }

        public Task<string> MarkDirtyAsync(string partition, string key, string id, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.MarkDirtyAsync(partition, key, id, at, cancellationToken);

        public Task<string?> TryWriteAsync(IndexRow row, string? ifMatch, CancellationToken cancellationToken = default) => inner.TryWriteAsync(row, ifMatch, cancellationToken);

        public Task<string> UpsertAsync(IndexRow row, CancellationToken cancellationToken = default) => inner.UpsertAsync(row, cancellationToken);

        public Task<bool> TryDeleteAsync(string partition, string key, string ifMatch, CancellationToken cancellationToken = default) => inner.TryDeleteAsync(partition, key, ifMatch, cancellationToken);

        public Task<IndexRow?> GetAsync(string partition, string key, CancellationToken cancellationToken = default) => inner.GetAsync(partition, key, cancellationToken);

        public IAsyncEnumerable<IndexRow> QueryAsync(IndexQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }
    }
}
