using System.Collections.Concurrent;
using Watcher.Domain.Persistence;

namespace Watcher.ApplierBench;

/// <summary>Counts the document-store calls of a run (reads, writes, journal appends), to say where the applier's time goes.</summary>
public sealed class CountingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private long _reads;
    private long _writes;
    private long _appends;
    private long _lists;
    private readonly ConcurrentDictionary<string, long> _byCollection = new(StringComparer.Ordinal);

    /// <summary>Calls so far by kind and collection ("read action_plans", "append journal", ...).</summary>
    public IReadOnlyDictionary<string, long> ByCollection => new Dictionary<string, long>(_byCollection, StringComparer.Ordinal);

    /// <summary>Reads, creates and replaces, journal appends and list/journal reads so far.</summary>
    public (long Reads, long Writes, long Appends, long Lists) Counts =>
        (Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _appends), Interlocked.Read(ref _lists));

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        Count("read", collection);
        return inner.GetAsync<T>(collection, id, cancellationToken);
    }

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        Count("create", collection);
        return inner.CreateAsync(collection, id, document, cancellationToken);
    }

    public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        Count("replace", collection);
        return inner.ReplaceAsync(collection, id, document, etag, cancellationToken);
    }

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync<T>(collection, cancellationToken);
    }

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appends);
        Count("append", "journal");
        return inner.AppendAsync(journal, line, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        return inner.ReadJournalAsync(journal, cancellationToken);
    }

    private void Count(string kind, string collection) => _byCollection.AddOrUpdate($"{kind} {collection}", 1, (_, n) => n + 1);
}
