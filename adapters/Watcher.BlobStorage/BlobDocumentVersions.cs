using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>Documents' ETags without their bodies, for index verification and repair: a HEAD per document, or one listing per collection.</summary>
public sealed partial class BlobDocumentStore : IDocumentVersions
{
    public async Task<string?> GetVersionAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            return (await Blob(collection, id).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<(string Id, string ETag)> ListVersionsAsync(string collection, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var prefix = collection + "/";
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            if (item.Name.EndsWith(".json", StringComparison.Ordinal) && item.Properties.ETag is { } etag)
            {
                yield return (item.Name[prefix.Length..^".json".Length], etag.ToString());
            }
        }
    }

    private BlobContainerClient Container => _container;
}
