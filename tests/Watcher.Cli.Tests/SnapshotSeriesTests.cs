using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Json;
using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;

namespace Watcher.Cli.Tests;

/// <summary>A snapshot's optional series section: read into the strategy's history, so history-based strategies run offline.</summary>
public sealed class SnapshotSeriesTests : IDisposable
{
    private readonly SnapshotFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void LoadSnapshotWithSeries_SeriesSection_HistoryWithGapsAsNaN()
    {
        var path = _files.WriteText(WithSeries(), "series.json");

        var loaded = OptimizeCommand.LoadSnapshotWithSeries(path);

        Assert.Equal(3, loaded.Cluster.Hosts.Count);
        Assert.Equal(2, loaded.History.Count);
        var host = loaded.History.Series(MetricResource.Host, "uuid-A", MetricNames.HostCpuUsage)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), host.Start);
        Assert.Equal(TimeSpan.FromHours(1), host.Step);
        Assert.Equal(40.0, host.Values[0]);
        Assert.True(double.IsNaN(host.Values[1]));
        Assert.Equal([10.0, 12.0, 14.0], loaded.History.Series(MetricResource.Instance, "uuid-vm-1", MetricNames.InstanceCpuUsage)!.Values);
    }

    [Fact]
    public void LoadSnapshotWithSeries_NoSeriesSection_EmptyHistory()
    {
        var loaded = OptimizeCommand.LoadSnapshotWithSeries(_files.Write(SnapshotFiles.Small()));

        Assert.Equal(0, loaded.History.Count);
    }

    [Fact]
    public void Run_HistoryStrategyOnSeriesSnapshot_StrategyReadsTheSeries()
    {
        var loaded = OptimizeCommand.LoadSnapshotWithSeries(_files.WriteText(WithSeries(), "series.json"));
        var probe = new SeriesMeanStrategy();

        var outcome = OptimizeCommand.Run(StrategyCatalog.With(probe), loaded.Cluster, probe.Name, [], null, 1, loaded.History);

        Assert.Equal(12.0, Assert.Single(outcome.Result.EfficacyIndicators).Value);
        Assert.Empty(outcome.Violations);
    }

    [Fact]
    public void Optimize_SeriesSnapshot_RunsExistingStrategyUnchanged()
    {
        var run = CliRun.Of("optimize", "--snapshot", _files.WriteText(WithSeries(), "series.json"), "--strategy", "host_maintenance", "-p", "maintenance_node=A", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, JsonNode.Parse(run.Output)!["actions"]!.AsArray().Count);
    }

    [Fact]
    public void Optimize_SeriesOfUnknownInstance_ExitsTwoNamingIt()
    {
        var text = WithSeries().Replace("\"uuid-vm-1\": {", "\"uuid-vm-9\": {", StringComparison.Ordinal);

        var run = CliRun.Of("optimize", "--snapshot", _files.WriteText(text, "bad.json"), "--strategy", "host_maintenance", "-p", "maintenance_node=A");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("uuid-vm-9", run.Error, StringComparison.Ordinal);
        Assert.Contains("series", run.Error, StringComparison.Ordinal);
    }

    private static string WithSeries()
    {
        var snapshot = JsonNode.Parse(WatcherJson.Serialize(SnapshotFiles.Small()))!.AsObject();
        snapshot["series"] = JsonNode.Parse("""
            {
              "hosts": {
                "uuid-A": { "host_cpu_usage": { "start": "2026-03-02T00:00:00Z", "step_seconds": 3600, "values": [40.0, null, 42.5] } }
              },
              "instances": {
                "uuid-vm-1": { "instance_cpu_usage": { "start": "2026-03-02T00:00:00Z", "step_seconds": 3600, "values": [10.0, 12.0, 14.0] } }
              }
            }
            """);
        return snapshot.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reports the mean of vm-1's CPU history as its one indicator.</summary>
    private sealed class SeriesMeanStrategy : IStrategy
    {
        public string Name => "series_mean_probe";

        public string DisplayName => "Series mean probe";

        public string GoalName => GoalCatalog.Dummy;

        public ParameterSchema Parameters => DummyParameters.Schema;

        public HistoryRequirement? History(JsonObject parameters) => new([MetricNames.InstanceCpuUsage], TimeSpan.FromHours(3), TimeSpan.FromHours(1));

        public StrategyResult Execute(StrategyContext context) => new()
        {
            Actions = [ActionFactory.Nop("probe")],
            EfficacyIndicators = [new("series_mean", "Mean of vm-1's CPU history", "%", context.History.Series(MetricResource.Instance, "uuid-vm-1", MetricNames.InstanceCpuUsage)!.Values.Average())],
        };
    }
}
