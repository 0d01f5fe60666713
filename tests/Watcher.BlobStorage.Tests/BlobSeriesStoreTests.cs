using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;

namespace Watcher.BlobStorage.Tests;

/// <summary>The history cache on Azurite: compact chunks round-trip with their key in metadata, and a missing chunk is reported missing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobSeriesStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private BlobSeriesStore NewStore() => new(azurite.ConnectionString, "s" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PutAsync_Chunk_RoundTripsValuesGapsAndKeyMetadata()
    {
        var store = NewStore();
        var key = new SeriesChunkKey("prometheus", MetricResource.Instance, MetricNames.InstanceCpuUsage, ["i-1", "i-2"], Day, Day.AddDays(1), TimeSpan.FromMinutes(5));
        var values = Enumerable.Range(0, key.Samples).Select(i => i % 7 == 0 ? double.NaN : i * 0.5).ToArray();
        Assert.False(await store.ExistsAsync(key.CacheBlobName));

        await store.PutAsync(key.CacheBlobName, SeriesBlobCodec.Encode(key, new Dictionary<string, double[]> { ["i-1"] = values }), key.Metadata());

        Assert.True(await store.ExistsAsync(key.CacheBlobName));
        var blob = SeriesBlobCodec.Decode((await store.GetAsync(key.CacheBlobName))!);
        Assert.Equal(key.Canonical, blob.Key);
        Assert.Equal(288, blob.Samples);
        Assert.Equal(values, blob.Series["i-1"]);
        Assert.False(blob.Series.ContainsKey("i-2"));
        var metadata = (await store.GetMetadataAsync(key.CacheBlobName))!;
        Assert.Equal("prometheus", metadata["source"]);
        Assert.Equal("instance", metadata["resource_kind"]);
        Assert.Equal(MetricNames.InstanceCpuUsage, metadata["metric"]);
        Assert.Equal("300", metadata["step_seconds"]);
        Assert.Equal("2", metadata["resources"]);
    }

    [Fact]
    public async Task PutAsync_DayOfFiveMinuteSamples_StoredBelowRawDoubleSize()
    {
        var store = NewStore();
        var ids = Enumerable.Range(0, 50).Select(i => $"instance-{i:D3}").ToList();
        var key = new SeriesChunkKey("simulator", MetricResource.Instance, MetricNames.InstanceCpuUsage, ids, Day, Day.AddDays(1), TimeSpan.FromMinutes(5));
        var series = ids.ToDictionary(id => id, id => Enumerable.Range(0, key.Samples).Select(i => Math.Round(40 + (20 * Math.Sin(i / 12.0)), 1)).ToArray());

        await store.PutAsync(key.CacheBlobName, SeriesBlobCodec.Encode(key, series), key.Metadata());

        var stored = (await store.GetAsync(key.CacheBlobName))!;
        Assert.True(stored.Length < 50 * 288 * sizeof(double), $"{stored.Length} bytes");
        Assert.Equal(series["instance-007"], SeriesBlobCodec.Decode(stored).Series["instance-007"]);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = NewStore();

        Assert.Null(await store.GetAsync("series/none.wts"));
        Assert.Null(await store.GetMetadataAsync("series/none.wts"));
    }
}
