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
            services.AddSingleton<IDocumentIndex>(_ => new TableDocumentIndex(options.StorageConnectionString, options.IndexTable));
            services.AddSingleton<IDocumentStore>(sp => new IndexedDocumentStore(new BlobDocumentStore(options.StorageConnectionString, options.Container), sp.GetRequiredService<IDocumentIndex>()));
            if (options.RepairIndexOnStart)
            {
                services.AddHostedService<IndexRepairService>();
            }
        }
        else
        {
            services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(options.StorageConnectionString, options.Container));
        }

        services.AddSingleton<ISeriesStore>(_ => new BlobSeriesStore(options.StorageConnectionString, options.SeriesContainer));
        return services;
    }
}
