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

    [Fact]
    public void Container_BlobServiceUriConfigured_UsesTheEndpointWithoutAnyKey()
    {
        var options = new BlobStorageOptions { StorageBlobServiceUri = "https://watcheracct.blob.core.windows.net/", StorageConnectionString = "not used" };

        var container = BlobStorageServiceCollectionExtensions.Container(options, "watcher");

        Assert.Equal(new Uri("https://watcheracct.blob.core.windows.net/watcher"), container.Uri);
        Assert.Equal("watcheracct", container.AccountName);
        // A token credential, not a shared key: the client cannot sign SAS URIs.
        Assert.False(container.CanGenerateSasUri);
    }

    [Fact]
    public void Container_NoBlobServiceUri_UsesTheConnectionString()
    {
        var options = new BlobStorageOptions { StorageConnectionString = "UseDevelopmentStorage=true" };

        var container = BlobStorageServiceCollectionExtensions.Container(options, "watcher");

        Assert.Equal("devstoreaccount1", container.AccountName);
        Assert.True(container.CanGenerateSasUri);
    }

    [Theory]
    [InlineData("watcher", null, "watcherindex")]
    [InlineData("c1a2b3-x", null, "watcherindexc1a2b3x")]
    [InlineData("c1a2b3-x", "myindex", "myindex")]
    public void IndexTableName_FollowsTheContainerUnlessSet(string container, string? table, string expected)
    {
        var options = new BlobStorageOptions { Container = container, IndexTable = table };

        Assert.Equal(expected, options.IndexTableName);
        Assert.Equal(expected, BlobStorageServiceCollectionExtensions.Table(options).Name);
    }

    [Fact]
    public void IndexTableFor_LongContainerName_HashedWithinTheTableNameLimit()
    {
        var name = BlobStorageOptions.IndexTableFor(new string('a', 60) + "-b");

        Assert.True(name.Length <= 63, name);
        Assert.StartsWith("watcherindex", name, StringComparison.Ordinal);
        Assert.True(name.All(char.IsAsciiLetterOrDigit), name);
        Assert.NotEqual(name, BlobStorageOptions.IndexTableFor(new string('a', 60) + "-c"));
    }
}
