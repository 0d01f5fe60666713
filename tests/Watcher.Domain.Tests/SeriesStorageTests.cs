using Watcher.Domain.Cluster;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;

namespace Watcher.Domain.Tests;

/// <summary>The compact series blob, its cache key, the grid resampler and the snapshot's series section.</summary>
public sealed class SeriesStorageTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static SeriesChunkKey Key(string source = "prometheus", IReadOnlyList<string>? ids = null, int stepMinutes = 5) =>
        new(source, MetricResource.Host, MetricNames.HostCpuUsage, ids ?? ["h1", "h2"], Day, Day.AddDays(1), TimeSpan.FromMinutes(stepMinutes));

    [Fact]
    public void Decode_EncodedChunk_SameValuesGapsAndKey()
    {
        var key = Key();
        var values = Enumerable.Range(0, key.Samples).Select(i => i % 5 == 0 ? double.NaN : Math.Sin(i)).ToArray();

        var blob = SeriesBlobCodec.Decode(SeriesBlobCodec.Encode(key, new Dictionary<string, double[]> { ["h2"] = values }));

        Assert.Equal(key.Canonical, blob.Key);
        Assert.Equal(Day, blob.Start);
        Assert.Equal(TimeSpan.FromMinutes(5), blob.Step);
        Assert.Equal(values, blob.Series["h2"]);
        Assert.Single(blob.Series);
    }

    [Fact]
    public void Decode_NotABlob_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => SeriesBlobCodec.Decode("{\"json\": true}"u8.ToArray()));
        var truncated = SeriesBlobCodec.Encode(Key(), new Dictionary<string, double[]> { ["h1"] = new double[288] })[..40];
        Assert.ThrowsAny<Exception>(() => SeriesBlobCodec.Decode(truncated));
    }

    [Fact]
    public void Encode_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SeriesBlobCodec.Encode(Key(), new Dictionary<string, double[]> { ["h1"] = new double[3] }));
    }

    [Fact]
    public void CacheBlobName_AnyKeyPartChanged_DifferentName()
    {
        var names = new[]
        {
            Key().CacheBlobName,
            Key(source: "azure_monitor").CacheBlobName,
            Key(ids: ["h1", "h3"]).CacheBlobName,
            Key(stepMinutes: 10).CacheBlobName,
            (Key() with { End = Day.AddHours(12) }).CacheBlobName,
        };

        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Key().CacheBlobName, Key().CacheBlobName);
    }

    [Fact]
    public void Resample_PointsOffGrid_MeanPerStepNaNForEmpty()
    {
        var points = new List<MetricPoint> { new(Day.AddMinutes(1), 10), new(Day.AddMinutes(4), 20), new(Day.AddMinutes(11), 7), new(Day.AddMinutes(99), 1) };

        var values = SeriesGrid.Resample(points, Day, TimeSpan.FromMinutes(5), 3);

        Assert.Equal(15, values[0]);
        Assert.True(double.IsNaN(values[1]));
        Assert.Equal(7, values[2]);
    }

    [Fact]
    public void SnapshotSeries_ThroughJson_SameHistoryGapsAsNull()
    {
        var history = new MetricsHistory().Add(MetricResource.Instance, "i1", MetricNames.InstanceCpuUsage, new RegularSeries(Day, TimeSpan.FromHours(1), [1, double.NaN, 3]));

        var json = WatcherJson.Serialize(SnapshotSeries.From(history));
        var back = WatcherJson.Deserialize<SnapshotSeries>(json).ToHistory();

        Assert.Contains("\"values\":[1,null,3]", json, StringComparison.Ordinal);
        Assert.Contains("\"step_seconds\":3600", json, StringComparison.Ordinal);
        var series = back.Series(MetricResource.Instance, "i1", MetricNames.InstanceCpuUsage)!;
        Assert.Equal(Day, series.Start);
        Assert.True(double.IsNaN(series.Values[1]));
    }

    [Fact]
    public void SnapshotSeries_Validate_UnknownResourceAndBadStepNamed()
    {
        var cluster = new ClusterModel([new ComputeNode { Uuid = "h1", Hostname = "h1" }], []);
        var section = new SnapshotSeries();
        section.Hosts["h9"] = new() { [MetricNames.HostCpuUsage] = new SnapshotSeriesEntry(Day, 0, [1.0]) };

        var problems = section.Validate(cluster);

        Assert.Contains(problems, p => p.Contains("'h9'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("step_seconds", StringComparison.Ordinal));
    }
}
