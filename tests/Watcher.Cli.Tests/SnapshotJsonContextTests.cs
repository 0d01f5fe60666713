using System.Text.Json;
using Watcher.Domain.Cluster;
using Watcher.Domain.Json;

namespace Watcher.Cli.Tests;

/// <summary>The CLI's source-generated snapshot reader agrees with the project's reflection-based JSON convention.</summary>
public sealed class SnapshotJsonContextTests
{
    [Fact]
    public void Deserialize_GeneratedSnapshotWithStorage_ReadsExactlyAsWatcherJson()
    {
        var text = WatcherJson.Serialize(SkewedClusterGenerator.Generate(30, 4, seed: 7, skew: 1.0), indented: true);

        var generated = JsonSerializer.Deserialize(text, SnapshotJsonContext.Default.ClusterModel)!;
        var reflected = WatcherJson.Deserialize<ClusterModel>(text);

        Assert.NotEmpty(generated.StoragePools);
        Assert.Contains(generated.Hosts, h => h.State == NodeState.Down);
        Assert.Equal(WatcherJson.Serialize(reflected), WatcherJson.Serialize(generated));
    }

    [Theory]
    [InlineData("""{"hosts": [{"hostname": "a"}], "instances": []}""")]
    [InlineData("""{"hosts": [{"uuid": "u", "hostname": "a", "state": "sideways"}], "instances": []}""")]
    public void Deserialize_MissingRequiredOrUnknownEnum_ThrowsJsonExceptionLikeWatcherJson(string text)
    {
        Assert.ThrowsAny<JsonException>(() => WatcherJson.Deserialize<ClusterModel>(text));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(text, SnapshotJsonContext.Default.ClusterModel));
    }
}
