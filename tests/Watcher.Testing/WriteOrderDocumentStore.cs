using System.Text.Json;
using Watcher.Domain.Json;
using Watcher.Domain.Persistence;

namespace Watcher.Testing;

/// <summary>
/// A document store that records the order of a plan's visible writes (its state, its journal lines) over a real
/// store, and can fail chosen writes, as a storage outage or a crash between two writes would: for tests of what a
/// reader sees between two writes, and of what a retry does after one failed.
/// </summary>
public sealed class WriteOrderDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private readonly List<string> _writes = [];

    /// <summary>
    /// The writes in order: <c>state:NAME</c> for a plan document saved in state NAME (its <c>state</c> field), and
    /// <c>journal:EVENT</c> for a journal line.
    /// </summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>
    /// Runs before each write named as in <see cref="Writes"/> reaches the store: it may fail the write by throwing (as
    /// a storage outage would), or change the store first (as a concurrent request would). Null: nothing.
    /// </summary>
    public Func<string, Task>? BeforeWrite { get; set; }

    /// <summary>A <see cref="BeforeWrite"/> that fails the first write named <paramref name="write"/> with an <see cref="IOException"/>.</summary>
    public static Func<string, Task> FailOnce(string write)
    {
        var failed = 0;
        return w => w == write && Interlocked.Exchange(ref failed, 1) == 0
            ? throw new IOException($"Injected failure of the write {w}.")
            : Task.CompletedTask;
    }

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default) =>
        inner.GetAsync<T>(collection, id, cancellationToken);

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(collection, id, document, cancellationToken);

    public async Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        if (collection == WatcherRepository.ActionPlans && JsonSerializer.SerializeToElement(document, WatcherJson.Options) is { } json
            && json.TryGetProperty("state", out var state))
        {
            await RecordAsync("state:" + (state.ValueKind == JsonValueKind.String ? state.GetString() : state.GetRawText()));
        }

        return await inner.ReplaceAsync(collection, id, document, etag, cancellationToken);
    }

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default) =>
        inner.ListAsync<T>(collection, cancellationToken);

    public async Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default)
    {
        using (var json = JsonDocument.Parse(line))
        {
            await RecordAsync("journal:" + json.RootElement.GetProperty("event").GetString());
        }

        await inner.AppendAsync(journal, line, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) =>
        inner.ReadJournalAsync(journal, cancellationToken);

    private async Task RecordAsync(string write)
    {
        if (BeforeWrite is { } before)
        {
            await before(write);
        }

        lock (_writes)
        {
            _writes.Add(write);
        }
    }
}
