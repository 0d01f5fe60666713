using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>Registers the Blob storage <see cref="IDocumentStore"/> and <see cref="ISeriesStore"/> (the history cache) with their settings from the <c>Watcher</c> section.</summary>
public static class BlobStorageServiceCollectionExtensions
{
    public static IServiceCollection AddBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Watcher").Get<BlobStorageOptions>() ?? new BlobStorageOptions();
        services.AddSingleton(options);
        services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(Container(options, options.Container)));
        services.AddSingleton<ISeriesStore>(_ => new BlobSeriesStore(Container(options, options.SeriesContainer)));
        return services;
    }

    /// <summary>A container client: identity-based when <see cref="BlobStorageOptions.StorageBlobServiceUri"/> is set, else from the connection string.</summary>
    public static BlobContainerClient Container(BlobStorageOptions options, string containerName) =>
        string.IsNullOrWhiteSpace(options.StorageBlobServiceUri)
            ? new BlobContainerClient(options.StorageConnectionString, containerName)
            : new BlobServiceClient(new Uri(options.StorageBlobServiceUri), new DefaultAzureCredential()).GetBlobContainerClient(containerName);
}
