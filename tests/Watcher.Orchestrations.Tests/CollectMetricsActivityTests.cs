using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Strategies;
using Watcher.Orchestrations.Activities.Audit;
using Watcher.Orchestrations.Contracts;
using Watcher.Simulator;

namespace Watcher.Orchestrations.Tests;

/// <summary>The audit's metrics step selects the first datasource serving its strategy's metrics, and fails naming the missing ones.</summary>
public sealed class CollectMetricsActivityTests
{
    /// <summary>A datasource serving only host and instance CPU (as a bare node_exporter might).</summary>
    private sealed class CpuOnlySource : IMetricsSource
    {
        public string Name => "prometheus";

        public IReadOnlyCollection<string> SupportedMetrics => [MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage];

        public Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TimeSeries>>(query.ResourceIds.Select(id => new TimeSeries(id, query.Metric, [new MetricPoint(query.End, 0)])).ToList());
    }

    private static async Task<(WatcherRepository Repository, AuditRunInput Input, SimulatedCloud Cloud)> AuditAsync(string strategy)
    {
        var store = new InMemoryDocumentStore();
        var repository = new WatcherRepository(store);
        var cloud = new SimulatedCloud(store, new SimulatorOptions { Hosts = 6, Instances = 20, Seed = 3 });
        await repository.CreateAuditAsync(new Audit { Uuid = "a1", Name = "a1", GoalUuid = "g", GoalName = "g", StrategyUuid = "s", StrategyName = strategy });
        // The audit run's documents are keyed "<audit>-<plan>" (AuditRunDocuments.Id).
        await store.CreateAsync(WatcherRepository.Snapshots, "a1-p1", await cloud.GetClusterAsync());
        return (repository, new AuditRunInput("a1", "p1", 1), cloud);
    }

    [Fact]
    public async Task RunAsync_NoDatasourceServesTheStrategysMetrics_FailsNamingThemAndTheSourcesTried()
    {
        var (repository, input, _) = await AuditAsync("uniform_airflow");
        var activity = new CollectMetricsActivity(repository, new MetricsSourceChain([new CpuOnlySource()]), StrategyRegistry.Default, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => activity.RunAsync(null!, input));

        Assert.Contains("prometheus lacks host_airflow, host_inlet_temp, host_power", ex.Message, StringComparison.Ordinal);
        Assert.Null(await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, "a1-p1"));
    }

    [Fact]
    public async Task RunAsync_SecondDatasourceServesThem_CollectsFromIt()
    {
        var (repository, input, cloud) = await AuditAsync("uniform_airflow");
        var activity = new CollectMetricsActivity(repository, new MetricsSourceChain([new CpuOnlySource(), new SimulatedMetrics(cloud)]), StrategyRegistry.Default, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()));

        var collected = await activity.RunAsync(null!, input);

        Assert.Equal("simulator", collected.Source);
        var snapshot = (await repository.Store.GetAsync<MetricsSnapshot>(WatcherRepository.Metrics, "a1-p1"))!.Value;
        Assert.All(snapshot.Hosts.Values, m => Assert.True(m[MetricNames.HostAirflow] > 0));
    }
}
