using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>Storage that does not answer in time is a 503 the caller can retry, not an internal error.</summary>
public sealed class StorageTimeoutTests
{
    [Theory]
    [InlineData("/v1/audits/5d3e7c1a-2b4f-4c6d-8e9f-0a1b2c3d4e5f")]
    [InlineData("/v1/action_plans?limit=5")]
    public async Task Get_StorageTimesOut_Returns503NamingIt(string path)
    {
        var store = new TimingOutStore();
        await using var host = await ApiTestHost.StartAsync(configure: b => b.Services.AddSingleton<IDocumentStore>(store));
        store.Failing = true;

        var (status, body, _) = await host.SendAsync(HttpMethod.Get, path);

        Assert.Equal(503, status);
        Assert.Contains("did not answer in time", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    /// <summary>The in-memory store until <see cref="Failing"/>; then every call fails as the index copy fails when the table never answers.</summary>
    private sealed class TimingOutStore : IDocumentStore
    {
        private readonly InMemoryDocumentStore _inner = new();

        public bool Failing { get; set; }

        public Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default) =>
            Failing ? Fail<Versioned<T>?>() : _inner.GetAsync<T>(collection, id, cancellationToken);

        public Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default) =>
            Failing ? Fail<string>() : _inner.CreateAsync(collection, id, document, cancellationToken);

        public Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default) =>
            Failing ? Fail<string>() : _inner.ReplaceAsync(collection, id, document, etag, cancellationToken);

        public Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default) =>
            Failing ? Fail<IReadOnlyList<Versioned<T>>>() : _inner.ListAsync<T>(collection, cancellationToken);

        public Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default) =>
            Failing ? Fail<bool>() : _inner.AppendAsync(journal, line, cancellationToken);

        public Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default) =>
            Failing ? Fail<IReadOnlyList<string>>() : _inner.ReadJournalAsync(journal, cancellationToken);

        private static Task<T> Fail<T>() => Task.FromException<T>(new TimeoutException("The document index did not answer: 3 reads of partition 'audits' got no answer within 10 s each."));
    }
}
