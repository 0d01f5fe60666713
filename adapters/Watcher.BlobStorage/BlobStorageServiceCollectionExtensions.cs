using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>Registers the Blob storage <see cref="IDocumentStore"/> and <see cref="ISeriesStore"/> (the history cache), and the document index on Azure Table storage, with their settings from the <c>Watcher</c> section.</summary>
public static class BlobStorageServiceCollectionExtensions
{
    public static IServiceCollection AddBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Watcher").Get<BlobStorageOptions>() ?? new BlobStorageOptions();
        services.AddSingleton(options);
        if (options.UseIndex)
        {
            // The document index: list, filter and sort in O(page); see docs/architecture.md (Storage).
            services.AddSingleton<IDocumentIndex>(_ => Index(options));
            services.AddSingleton<IDocumentStore>(sp => new IndexedDocumentStore(new BlobDocumentStore(Container(options, options.Container)), sp.GetRequiredService<IDocumentIndex>()));
            if (options.RepairIndexOnStart)
            {
                services.AddHostedService<IndexRepairService>();
            }
        }
        else
        {
            services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(Container(options, options.Container)));
        }

        services.AddSingleton<ISeriesStore>(_ => new BlobSeriesStore(Container(options, options.SeriesContainer)));
        return services;
    }

    /// <summary>The document index on the table, behind this process's copy of it unless <see cref="BlobStorageOptions.IndexMirror"/> is off.</summary>
    public static IDocumentIndex Index(BlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = new TableDocumentIndex(Table(options));
        return options.IndexMirror
            ? new MirroredDocumentIndex(table, new IndexMirrorOptions { MaxStaleness = options.IndexMirrorMaxStaleness, ReloadInterval = options.IndexMirrorReloadInterval, RefreshTimeout = options.IndexMirrorRefreshTimeout })
            : table;
    }

    /// <summary>A container client: identity-based when <see cref="BlobStorageOptions.StorageBlobServiceUri"/> is set, else from the connection string.</summary>
    public static BlobContainerClient Container(BlobStorageOptions options, string containerName)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A request that gets no bytes for StorageNetworkTimeout is retried on a new connection (the SDK waits 100 s).
        var client = new BlobClientOptions { Retry = { NetworkTimeout = options.StorageNetworkTimeout } };
        return string.IsNullOrWhiteSpace(options.StorageBlobServiceUri)
            ? new BlobContainerClient(options.StorageConnectionString, containerName, client)
            : new BlobServiceClient(new Uri(options.StorageBlobServiceUri), new DefaultAzureCredential(), client).GetBlobContainerClient(containerName);
    }

    /// <summary>
    /// The index's table client: identity-based on the same account's table endpoint when
    /// <see cref="BlobStorageOptions.StorageBlobServiceUri"/> is set (<c>.blob.</c> becomes <c>.table.</c>), else from the connection string.
    /// </summary>
    public static TableClient Table(BlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new TableClientOptions { Retry = { NetworkTimeout = options.StorageNetworkTimeout } };
        return string.IsNullOrWhiteSpace(options.StorageBlobServiceUri)
            ? new TableClient(options.StorageConnectionString, options.IndexTableName, client)
            : new TableClient(new Uri(options.StorageBlobServiceUri.Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase)), options.IndexTableName, new DefaultAzureCredential(), client);
    }
}
