using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watcher.Application.Requests;
using Watcher.Domain.Metrics;
using Watcher.Domain.Metrics.Storage;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Activities.Audit;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// History in audits, on the in-process Durable host: chunks fanned out under a bound, cached so a re-run over the same
/// past queries nothing, passed by blob reference, and nothing at all for a strategy without a history requirement.
/// </summary>
public sealed class HistoryAuditTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_HistoryStrategy_FanOutNeverExceedsBoundAndStrategyGetsEverySeries()
    {
        var source = new CountingMetricsSource(TimeSpan.FromMilliseconds(40));
        var probe = new HistoryProbeStrategy(TimeSpan.FromDays(3), TimeSpan.FromHours(1));
        await using var host = await StartAsync(source, probe, new FakeTimeProvider(Midnight), maxParallel: 2);

        await RunAuditAsync(host);

        var history = HistoryQueries(source);
        // 6 hosts in 2 batches of 5 and 16 instances in 4 batches, × 3 day chunks.
        Assert.Equal((2 + 4) * 3, history.Count);
        Assert.InRange(source.MaxInFlight, 1, 2);
        Assert.All(history, q => Assert.True(q.ResourceIds.Count <= 5));
        var cluster = await host.Cloud.GetClusterAsync();
        foreach (var instance in cluster.Instances)
        {
            var series = probe.LastHistory!.Series(MetricResource.Instance, instance.Uuid, MetricNames.InstanceCpuUsage);
            Assert.NotNull(series);
            Assert.Equal(Midnight.AddDays(-3), series.Start);
            Assert.Equal(72, series.Count);
            Assert.Equal(CountingMetricsSource.ValueAt(instance.Uuid, series.TimeAt(17)), series.Values[17]);
            Assert.DoesNotContain(series.Values, double.IsNaN);
        }

        Assert.NotNull(probe.LastHistory!.Series(MetricResource.Host, cluster.Hosts[0].Uuid, MetricNames.HostCpuUsage));
    }

    [Fact]
    public async Task Run_SecondAuditOverSamePastHistory_IssuesNoNewHistoryQueries()
    {
        var source = new CountingMetricsSource(TimeSpan.Zero);
        var probe = new HistoryProbeStrategy(TimeSpan.FromDays(2), TimeSpan.FromHours(1));
        var clock = new FakeTimeProvider(Midnight);
        await using var host = await StartAsync(source, probe, clock, maxParallel: 4);
        await RunAuditAsync(host);
        var first = HistoryQueries(source).Count;
        var blobs = ((InMemorySeriesStore)host.Services.GetRequiredService<ISeriesStore>()).Count;

        await RunAuditAsync(host);

        Assert.True(first > 0);
        Assert.Equal(first, HistoryQueries(source).Count);
        Assert.Equal(blobs, ((InMemorySeriesStore)host.Services.GetRequiredService<ISeriesStore>()).Count);
        Assert.Equal(48, probe.LastHistory!.Series(MetricResource.Host, (await host.Cloud.GetClusterAsync()).Hosts[0].Uuid, MetricNames.HostCpuUsage)!.Count);
    }

    [Fact]
    public async Task Run_SecondAuditLaterTheSameDay_RequeriesOnlyTheOpenChunk()
    {
        var source = new CountingMetricsSource(TimeSpan.Zero);
        var probe = new HistoryProbeStrategy(TimeSpan.FromDays(2), TimeSpan.FromHours(1));
        var clock = new FakeTimeProvider(Midnight.AddHours(10).AddMinutes(30));
        await using var host = await StartAsync(source, probe, clock, maxParallel: 4);
        await RunAuditAsync(host);
        var first = HistoryQueries(source).Count;
        clock.Advance(TimeSpan.FromHours(2));

        await RunAuditAsync(host);

        var again = HistoryQueries(source).Skip(first).ToList();
        Assert.NotEmpty(again);
        Assert.All(again, q => Assert.Equal(Midnight, q.Start));
        Assert.All(again, q => Assert.Equal(Midnight.AddHours(12), q.End));
        var series = probe.LastHistory!.Series(MetricResource.Host, (await host.Cloud.GetClusterAsync()).Hosts[0].Uuid, MetricNames.HostCpuUsage)!;
        Assert.Equal(Midnight.AddHours(12), series.End + series.Step);
        Assert.DoesNotContain(series.Values, double.IsNaN);
    }

    [Fact]
    public async Task Run_StrategyWithoutHistoryRequirement_NoHistoryQueriesNoBlobsNoWindow()
    {
        var source = new CountingMetricsSource(TimeSpan.Zero);
        await using var host = await StartAsync(source, probe: null, new FakeTimeProvider(Midnight), maxParallel: 4);
        var node = await host.BusiestNodeAsync();
        var audit = await host.CreateMaintenanceAuditAsync(node);

        await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1));

        Assert.Empty(HistoryQueries(source));
        Assert.All(source.Queries, q => Assert.Equal(TimeSpan.FromMinutes(5), q.Step));
        Assert.Equal(0, ((InMemorySeriesStore)host.Services.GetRequiredService<ISeriesStore>()).Count);
        Assert.Empty(await host.Repository.Store.ListAsync<HistoryManifest>("history"));
    }

    private static List<MetricRangeQuery> HistoryQueries(CountingMetricsSource source) =>
        [.. source.Queries.Where(q => q.Step != TimeSpan.FromMinutes(5))];

    private static async Task RunAuditAsync(OrchestrationHost host)
    {
        var audit = await host.Audits.CreateAsync(new AuditRequest { Goal = GoalCatalog.Dummy, Strategy = "history_probe" });
        await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1));
        Assert.Equal(Domain.Lifecycle.AuditState.Succeeded, (await host.Repository.GetAuditAsync(audit.Uuid)).State);
    }

    private static Task<OrchestrationHost> StartAsync(CountingMetricsSource source, HistoryProbeStrategy? probe, FakeTimeProvider clock, int maxParallel) =>
        OrchestrationHost.StartAsync(services: services =>
        {
            services.AddSingleton<IMetricsSource>(source);
            services.AddSingleton<TimeProvider>(clock);
            if (probe is not null)
            {
                services.AddSingleton<IStrategy>(probe);
            }

            services.Configure<HistoryOptions>(o =>
            {
                o.MaxParallelChunks = maxParallel;
                o.ResourcesPerChunk = 5;
            });
        });
}
