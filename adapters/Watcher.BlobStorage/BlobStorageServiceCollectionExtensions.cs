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
        services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(options.StorageConnectionString, options.Container));
        services.AddSingleton<ISeriesStore>(_ => new BlobSeriesStore(options.StorageConnectionString, options.SeriesContainer));
        return services;
    }
}
