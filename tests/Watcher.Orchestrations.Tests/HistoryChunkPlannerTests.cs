using Watcher.Domain.Metrics;
using Watcher.Orchestrations.Contracts;
using Watcher.Orchestrations.Orchestrators;

namespace Watcher.Orchestrations.Tests;

/// <summary>The pure chunk planner: resources in batches × epoch-aligned time chunks, only whole past chunks cacheable.</summary>
public sealed class HistoryChunkPlannerTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_WindowEndingMidDay_WholeDayChunksCacheableOpenChunkNot()
    {
        var end = Midnight.AddHours(10);
        var window = new HistoryWindow([MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage], end.AddDays(-2), end, 300, 86400, 50, 8, 120, 30);

        var chunks = HistoryChunkPlanner.Plan(window);

        // Hosts: 3 batches (50, 50, 20); instances: 1 batch; × 3 days (the window starts inside the first day).
        Assert.Equal((3 + 1) * 3, chunks.Count);
        Assert.Equal([50, 50, 20], chunks.Where(c => c.Resource == MetricResource.Host && c.Start == Midnight).Select(c => c.Count));
        Assert.All(chunks.Where(c => c.Start < Midnight), c => Assert.True(c.Cacheable && c.End - c.Start == TimeSpan.FromDays(1)));
        Assert.All(chunks.Where(c => c.Start == Midnight), c => Assert.False(c.Cacheable));
        Assert.All(chunks.Where(c => c.Start == Midnight), c => Assert.Equal(end, c.End));
        Assert.Equal(Midnight.AddDays(-2), chunks.Min(c => c.Start));
    }

    [Fact]
    public void Plan_ChunkNotMultipleOfStep_RoundedDownToWholeSteps()
    {
        var window = new HistoryWindow([MetricNames.HostCpuUsage], Midnight.AddHours(-5), Midnight, 7 * 60, 3600, 50, 8, 1, 0);

        var chunks = HistoryChunkPlanner.Plan(window);

        Assert.All(chunks, c => Assert.Equal(0, (c.End - c.Start).TotalSeconds % (7 * 60)));
        Assert.All(chunks, c => Assert.Equal(0, c.Start.ToUnixTimeSeconds() % (7 * 60)));
    }

    [Fact]
    public void Plan_NoResourcesOfTheKind_NoChunks()
    {
        var window = new HistoryWindow([MetricNames.InstanceCpuUsage], Midnight.AddDays(-1), Midnight, 300, 86400, 50, 8, 10, 0);

        Assert.Empty(HistoryChunkPlanner.Plan(window));
    }

    [Fact]
    public async Task BoundedFanOut_ManyItems_NeverMoreThanBoundAndResultsInOrder()
    {
        var running = 0;
        var max = 0;
        var gate = new object();

        var results = await BoundedFanOut.RunAsync(Enumerable.Range(0, 40).ToList(), 3, async i =>
        {
            lock (gate)
            {
                running++;
                max = Math.Max(max, running);
            }

            await Task.Delay(1 + (i % 4));
            lock (gate)
            {
                running--;
            }

            return i * 2;
        });

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 2), results);
        Assert.Equal(3, max);
    }
}
