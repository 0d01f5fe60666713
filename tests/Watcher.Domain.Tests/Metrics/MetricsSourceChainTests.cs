using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Metrics;

/// <summary>
/// The datasource contract: an audit uses the first configured source serving all its strategy's metrics, fails naming
/// the missing metrics and the sources tried otherwise, aggregates through QueryAggregateAsync, and never reads zeros.
/// </summary>
public sealed class MetricsSourceChainTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A source serving fixed values; counts range and aggregate queries.</summary>
    private sealed class FakeSource(string name, params string[] metrics) : IMetricsSource
    {
        public int RangeQueries { get; private set; }

        public List<(string Metric, string Aggregation)> Aggregates { get; } = [];

        public string Name => name;

        public IReadOnlyCollection<string> SupportedMetrics => metrics;

        public Task<IReadOnlyList<TimeSeries>> QueryRangeAsync(MetricRangeQuery query, CancellationToken cancellationToken = default)
        {
            RangeQueries++;
            IReadOnlyList<TimeSeries> series = metrics.Contains(query.Metric)
                ? query.ResourceIds.Select(id => new TimeSeries(id, query.Metric, [new MetricPoint(query.Start, 40), new MetricPoint(query.End, 60)])).ToList()
                : [];
            return Task.FromResult(series);
        }

        public Task<IReadOnlyDictionary<string, double>> QueryAggregateAsync(MetricRangeQuery query, string aggregation, CancellationToken cancellationToken = default)
        {
            Aggregates.Add((query.Metric, aggregation));
            IReadOnlyDictionary<string, double> values = metrics.Contains(query.Metric) ? query.ResourceIds.ToDictionary(id => id, _ => 42.0) : new Dictionary<string, double>();
            return Task.FromResult(values);
        }
    }

    private static ClusterModel Cluster() => new([Node("n1"), Node("n2")], [Vm("v1", "n1")]);

    [Fact]
    public void Select_SecondSourceCoversAll_ReturnsIt()
    {
        var prometheus = new FakeSource("prometheus", MetricNames.HostCpuUsage);
        var simulator = new FakeSource("simulator", MetricNames.HostCpuUsage, MetricNames.HostAirflow);

        var chosen = new MetricsSourceChain([prometheus, simulator]).Select([MetricNames.HostAirflow, MetricNames.HostCpuUsage]);

        Assert.Same(simulator, chosen);
    }

    [Fact]
    public void Select_NoSourceCoversAll_ThrowsNamingMissingMetricsAndSourcesTried()
    {
        var chain = new MetricsSourceChain([new FakeSource("prometheus", MetricNames.HostCpuUsage), new FakeSource("azuremonitor", MetricNames.HostAirflow)]);

        var ex = Assert.Throws<ValidationException>(() => chain.Select([MetricNames.HostAirflow, MetricNames.HostCpuUsage, MetricNames.HostPower]));

        Assert.Contains("prometheus lacks host_airflow, host_power", ex.Message, StringComparison.Ordinal);
        Assert.Contains("azuremonitor lacks host_cpu_usage, host_power", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Missing from every datasource: host_power", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tried, in order: prometheus, azuremonitor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_StrategyMetricNoSourceServes_FailsInsteadOfReadingZeros()
    {
        var source = new FakeSource("prometheus", MetricNames.HostCpuUsage, MetricNames.InstanceCpuUsage);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            MetricsCollector.CollectAsync(source, Cluster(), [MetricNames.HostAirflow], End, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), "mean"));

        Assert.Contains("host_airflow", ex.Message, StringComparison.Ordinal);
        Assert.Empty(source.Aggregates);
    }

    [Fact]
    public async Task CollectAsync_Chain_AggregatesOnTheSelectedSourceWithQueryAggregate()
    {
        var first = new FakeSource("prometheus", MetricNames.HostCpuUsage);
        var second = new FakeSource("simulator", MetricNames.HostCpuUsage, MetricNames.HostOutletTemp, MetricNames.InstanceCpuUsage);

        var snapshot = await MetricsCollector.CollectAsync(new MetricsSourceChain([first, second]), Cluster(), [MetricNames.HostOutletTemp], End, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), "max");

        Assert.Equal("simulator", snapshot.Source);
        Assert.Empty(first.Aggregates);
        Assert.Equal(0, second.RangeQueries);
        Assert.Equal([(MetricNames.HostOutletTemp, "max"), (MetricNames.HostCpuUsage, "max"), (MetricNames.InstanceCpuUsage, "max")], second.Aggregates);
        Assert.Equal(42, snapshot.Hosts["uuid-n1"][MetricNames.HostOutletTemp]);
        Assert.False(snapshot.Hosts["uuid-n1"].ContainsKey(MetricNames.HostRamUsage));
    }

    [Fact]
    public async Task MappedSource_MapEntry_ServesTheWatcherNameFromTheNativeOneAndEmptyDisables()
    {
        var inner = new FakeSource("prometheus", "my_power", MetricNames.HostCpuUsage);
        var mapped = new MappedMetricsSource(inner, new Dictionary<string, string> { [MetricNames.HostPower] = "my_power", [MetricNames.HostCpuUsage] = "" });
        var query = new MetricRangeQuery(MetricNames.HostPower, MetricResource.Host, ["uuid-n1"], End.AddHours(-1), End, TimeSpan.FromMinutes(5));

        var series = Assert.Single(await mapped.QueryRangeAsync(query));

        Assert.Equal([MetricNames.HostPower], mapped.SupportedMetrics);
        Assert.Equal(MetricNames.HostPower, series.Metric);
        Assert.Empty(await mapped.QueryRangeAsync(query with { Metric = MetricNames.HostCpuUsage }));
        Assert.Equal(42, (await mapped.QueryAggregateAsync(query, "mean"))["uuid-n1"]);
        Assert.Equal(("my_power", "mean"), inner.Aggregates.Single());
    }

    [Fact]
    public void SnapshotMetricsView_MetricTheDatasourceLacked_ReadsNullOrTheModelAndSaysSo()
    {
        var cluster = new ClusterModel([Node("n1") with { Metrics = new Dictionary<string, double> { [MetricNames.HostAirflow] = 300 } }, Node("n2")], []);
        var snapshot = new MetricsSnapshot { Source = "prometheus", Hosts = new() { ["uuid-n1"] = new() { [MetricNames.HostCpuUsage] = 10 } } };
        var view = new SnapshotMetricsView(snapshot, cluster);

        Assert.Equal(10, view.Host("uuid-n1", MetricNames.HostCpuUsage));
        Assert.Equal(300, view.Host("uuid-n1", MetricNames.HostAirflow));
        Assert.Null(view.Host("uuid-n2", MetricNames.HostAirflow));

        var warning = Assert.Single(view.Warnings);
        Assert.Contains("prometheus had no host_airflow for 2 host(s)", warning, StringComparison.Ordinal);
        Assert.Contains("1 read the cluster model's embedded value, 1 had no value", warning, StringComparison.Ordinal);
    }
}
