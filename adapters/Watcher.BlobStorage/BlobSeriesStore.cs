using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Watcher.Domain.Metrics.Storage;

namespace Watcher.BlobStorage;

/// <summary>
/// <see cref="ISeriesStore"/> on Azure Blob Storage (or Azurite): each series chunk is one block blob of the compact
/// binary format (<see cref="SeriesBlobCodec"/>), its cache key in the blob's metadata. Writes overwrite: a chunk's
/// content follows from its key, so two writers racing write the same bytes.
/// </summary>
public sealed class BlobSeriesStore : ISeriesStore
{
    private readonly BlobContainerClient _container;
    private readonly ContainerGate _gate;

    public BlobSeriesStore(BlobContainerClient container)
    {
        _container = container;
        _gate = new ContainerGate(container);
    }

    public BlobSeriesStore(string connectionString, string containerName)
        : this(new BlobContainerClient(connectionString, containerName))
    {
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        return (await _container.GetBlobClient(name).ExistsAsync(cancellationToken)).Value;
    }

    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var result = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task PutAsync(string name, byte[] content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await EnsureContainerAsync(cancellationToken);
        await _container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/vnd.watcher.series" },
                Metadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            },
            cancellationToken);
    }

    /// <summary>The metadata stored with a blob (its cache key), or null when there is no such blob.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> GetMetadataAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            return (await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata.AsReadOnly();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private Task EnsureContainerAsync(CancellationToken cancellationToken) => _gate.EnsureAsync(cancellationToken);
}
