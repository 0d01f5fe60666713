using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Audit;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Tests;

/// <summary>What crosses the orchestration boundary for history stays small however long the series are.</summary>
public sealed class HistoryPayloadTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public async Task CollectHistoryChunk_AnySeriesLength_OutputAndInputStaySmall(int days)
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"instance-{i:D4}").ToList();
        var window = new HistoryWindow([MetricNames.InstanceCpuUsage], Midnight.AddDays(-days), Midnight, 300, days * 86400L, 50, 4, 0, ids.Count);
        using var services = Services(out var store, out var series);
        var audit = Guid.NewGuid().ToString("N");
        await store.CreateAsync("history", $"{audit}-p", new HistoryManifest("counting", window, [], ids));
        // The first chunk is whole (epoch-aligned chunks of the window's length).
        var chunk = HistoryChunkPlanner.Plan(window)[0];
        var input = new HistoryChunkInput(audit, "p", chunk);

        var output = await new WatcherActivities(services).RunAsync<CollectHistoryChunkActivity, HistoryChunkInput, HistoryChunkRef>(input);

        Assert.Equal(days * 288, output.Samples);
        Assert.Equal(50, output.Series);
        Assert.True(Size(output) < 256, $"output {Size(output)} bytes");
        Assert.True(Size(input) < 512, $"input {Size(input)} bytes");
        Assert.True(Size(new MetricsRef($"{audit}-p", 6, 50, "counting") { History = window }) < 512);
        // The series themselves are in the blob, tens of kilobytes and more.
        Assert.True((await series.GetAsync(output.Blob))!.Length > days * 1000);
    }

    [Fact]
    public async Task CollectHistoryChunk_BlobAlreadyThere_ReturnsCachedRefWithoutQuery()
    {
        var window = new HistoryWindow([MetricNames.HostCpuUsage], Midnight.AddDays(-1), Midnight, 3600, 86400, 50, 4, 2, 0);
        using var services = Services(out var store, out _);
        var audit = Guid.NewGuid().ToString("N");
        await store.CreateAsync("history", $"{audit}-p", new HistoryManifest("counting", window, ["h1", "h2"], []));
        var input = new HistoryChunkInput(audit, "p", Assert.Single(HistoryChunkPlanner.Plan(window)));
        var activities = new WatcherActivities(services);
        await activities.RunAsync<CollectHistoryChunkActivity, HistoryChunkInput, HistoryChunkRef>(input);

        var again = await activities.RunAsync<CollectHistoryChunkActivity, HistoryChunkInput, HistoryChunkRef>(input);

        Assert.True(again.FromCache);
        var query = Assert.Single(services.GetRequiredService<CountingMetricsSource>().Queries);
        Assert.Equal(["h1", "h2"], query.ResourceIds);
    }

    private static int Size<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value).Length;

    private static ServiceProvider Services(out IDocumentStore store, out InMemorySeriesStore series)
    {
        store = new InMemoryDocumentStore();
        series = new InMemorySeriesStore();
        var source = new CountingMetricsSource(TimeSpan.Zero);
        return new ServiceCollection()
            .AddSingleton(store)
            .AddSingleton<WatcherRepository>()
            .AddSingleton<ISeriesStore>(series)
            .AddSingleton(source)
            .AddSingleton<IMetricsSource>(source)
            .BuildServiceProvider();
    }
}
