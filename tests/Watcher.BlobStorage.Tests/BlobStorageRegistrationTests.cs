using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Metrics.Storage;

namespace Watcher.BlobStorage.Tests;

/// <summary>AddBlobStorage puts the history cache on blobs too, in its own container.</summary>
public sealed class BlobStorageRegistrationTests
{
    [Fact]
    public void AddBlobStorage_SeriesContainerConfigured_RegistersBlobSeriesStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Watcher:SeriesContainer"] = "history-cache" })
            .Build();

        using var services = new ServiceCollection().AddBlobStorage(configuration).BuildServiceProvider();

        Assert.IsType<BlobSeriesStore>(services.GetRequiredService<ISeriesStore>());
        Assert.Equal("history-cache", services.GetRequiredService<BlobStorageOptions>().SeriesContainer);
    }
}
