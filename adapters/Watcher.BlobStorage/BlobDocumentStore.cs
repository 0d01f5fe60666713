using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Watcher.Domain.Json;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>
/// <see cref="IDocumentStore"/> on Azure Blob Storage (or Azurite). Documents are block blobs
/// <c>{collection}/{id}.json</c>; creates use <c>If-None-Match: *</c> and replaces <c>If-Match: etag</c>,
/// so no writer ever overwrites another's change. Journals are append blobs, one JSON line per block.
/// </summary>
public sealed partial class BlobDocumentStore : IDocumentStore
{
    private readonly BlobContainerClient _container;
    private readonly ContainerGate _gate;

    public BlobDocumentStore(BlobContainerClient container)
    {
        _container = container;
        _gate = new ContainerGate(container);
    }

    public BlobDocumentStore(string connectionString, string containerName)
        : this(new BlobContainerClient(connectionString, containerName))
    {
    }

    public async Task<Versioned<T>?> GetAsync<T>(string collection, string id, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var result = await Blob(collection, id).DownloadContentAsync(cancellationToken);
            return new Versioned<T>(WatcherJson.Deserialize<T>(result.Value.Content.ToString()), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> CreateAsync<T>(string collection, string id, T document, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var response = await Blob(collection, id).UploadAsync(
                BinaryData.FromString(WatcherJson.Serialize(document)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = JsonHeaders },
                cancellationToken);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(collection, id);
        }
    }

    public async Task<string> ReplaceAsync<T>(string collection, string id, T document, string etag, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var response = await Blob(collection, id).UploadAsync(
                BinaryData.FromString(WatcherJson.Serialize(document)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) }, HttpHeaders = JsonHeaders },
                cancellationToken);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            throw new ConcurrencyConflictException(collection, id);
        }
    }

    public async Task<IReadOnlyList<Versioned<T>>> ListAsync<T>(string collection, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = collection + "/" }, cancellationToken))
        {
            names.Add(item.Name);
        }

        var results = new Versioned<T>?[names.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, names.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var result = await _container.GetBlobClient(names[i]).DownloadContentAsync(ct);
                    results[i] = new Versioned<T>(WatcherJson.Deserialize<T>(result.Value.Content.ToString()), result.Value.Details.ETag.ToString());
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Deleted between listing and reading.
                }
            });
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    public async Task AppendAsync(string journal, string line, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var blob = _container.GetAppendBlobClient($"journals/{journal}.jsonl");
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line.ReplaceLineEndings(" ") + "\n"));
        await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ReadJournalAsync(string journal, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var content = await _container.GetBlobClient($"journals/{journal}.jsonl").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    private static BlobHttpHeaders JsonHeaders => new() { ContentType = "application/json" };

    private BlobClient Blob(string collection, string id) => _container.GetBlobClient($"{collection}/{id}.json");

    private Task EnsureContainerAsync(CancellationToken cancellationToken) => _gate.EnsureAsync(cancellationToken);
}
