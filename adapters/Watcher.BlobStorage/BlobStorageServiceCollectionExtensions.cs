using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Persistence;

namespace Watcher.BlobStorage;

/// <summary>Registers the Blob storage <see cref="IDocumentStore"/> with its settings from the <c>Watcher</c> section.</summary>
public static class BlobStorageServiceCollectionExtensions
{
    public static IServiceCollection AddBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Watcher").Get<BlobStorageOptions>() ?? new BlobStorageOptions();
        services.AddSingleton(options);
        services.AddSingleton<IDocumentStore>(_ => new BlobDocumentStore(options.StorageConnectionString, options.Container));
        return services;
    }
}
