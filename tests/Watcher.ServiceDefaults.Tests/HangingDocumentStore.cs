using Watcher.Domain.Persistence;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>A storage outage: every read waits until it is cancelled, as a store behind a dropped network does.</summary>
internal sealed class HangingDocumentStore : IDocumentStore
{
    public async Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return null;
    }

    public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);

    public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);

    public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default) => Hang<IReadOnlyList<Versioned<T>>>(cancellationToken);

    public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default) => Hang<bool>(cancellationToken);

    public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) => Hang<IReadOnlyList<string>>(cancellationToken);

    private static async Task<T> Hang<T>(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new OperationCanceledException(cancellationToken);
    }
}
