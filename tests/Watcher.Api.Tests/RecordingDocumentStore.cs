using System.Collections.Concurrent;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>
/// The in-memory store, recording every write made while <see cref="Case"/> is set in the writer's execution context
/// (the TestServer carries the test's context into the request when asked to), so a test knows exactly what one
/// request wrote, even while orchestrations started by earlier requests write in the background.
/// </summary>
internal sealed class RecordingDocumentStore : IDocumentStore
{
    private static readonly AsyncLocal<string?> CurrentCase = new();
    private readonly InMemoryDocumentStore _inner = new();

    /// <summary>The request being made (set by the test before sending it), or null.</summary>
    public static string? Case
    {
        get => CurrentCase.Value;
        set => CurrentCase.Value = value;
    }

    /// <summary>The writes made under each case: "create audits/uuid", "replace ...", "append journal".</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Writes { get; } = new(StringComparer.Ordinal);

    public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default) =>
        _inner.GetAsync<T>(collection, id, cancellationToken);

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default)
    {
        Record($"create {collection}/{id}");
        return _inner.CreateAsync(collection, id, document, cancellationToken);
    }

    public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        Record($"replace {collection}/{id}");
        return _inner.ReplaceAsync(collection, id, document, etag, cancellationToken);
    }

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default) =>
        _inner.ListAsync<T>(collection, cancellationToken);

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default)
    {
        Record($"append {journal}");
        return _inner.AppendAsync(journal, line, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) =>
        _inner.ReadJournalAsync(journal, cancellationToken);

    private void Record(string write)
    {
        if (Case is { } current)
        {
            Writes.GetOrAdd(current, _ => new ConcurrentQueue<string>()).Enqueue(write);
        }
    }
}
