using System.Text.Json.Nodes;

namespace Watcher.Cli.Tests;

/// <summary><c>optimize --repeat N</c>: N runs in one process, the cold (first) and best warm solve times, the first run's plan.</summary>
public sealed class OptimizeRepeatTests : IDisposable
{
    private readonly SnapshotFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Run_Repeat3Json_ReportsThreeRunsColdAndBestWarmAndTheSamePlan()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());
        string[] args = ["optimize", "--snapshot", snapshot, "--strategy", "vm_workload_consolidation", "--json"];

        var once = CliRun.Of(args);
        var repeated = CliRun.Of([.. args, "--repeat", "3"]);

        Assert.Equal(0, repeated.ExitCode);
        var o = JsonNode.Parse(repeated.Output)!.AsObject();
        var timing = o["timing"]!.AsObject();
        Assert.Equal(3, timing["runs"]!.GetValue<int>());
        var cold = timing["cold_ms"]!.GetValue<double>();
        Assert.True(cold > 0, $"cold {cold}");
        Assert.Equal(cold, o["solve_ms"]!.GetValue<double>());
        Assert.InRange(timing["best_warm_ms"]!.GetValue<double>(), 0, double.MaxValue);
        Assert.NotEmpty(o["actions"]!.AsArray());
        Assert.Equal(JsonNode.Parse(once.Output)!["actions"]!.ToJsonString(), o["actions"]!.ToJsonString());
    }

    [Fact]
    public void Run_DefaultJson_OneRunAndNoWarmTime()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--json");

        Assert.Equal(0, run.ExitCode);
        var timing = JsonNode.Parse(run.Output)!["timing"]!.AsObject();
        Assert.Equal(1, timing["runs"]!.GetValue<int>());
        Assert.True(timing.ContainsKey("best_warm_ms"));
        Assert.Null(timing["best_warm_ms"]);
    }

    [Fact]
    public void Run_Repeat2Table_PrintsColdAndBestWarm()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance", "-p", "maintenance_node=A", "-n", "2");

        Assert.Equal(0, run.ExitCode);
        var line = run.Output.Split('\n').Single(l => l.StartsWith("Solve time: ", StringComparison.Ordinal));
        Assert.Matches(@"^Solve time: [0-9.]+ ms cold \(first run\), [0-9.]+ ms best warm \(of 1 more runs\)\r?$", line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void Run_RepeatBelowOne_Exit2NamingTheOption(string repeat)
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--repeat", repeat);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--repeat", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Run_OptimalConsolidationRepeated_TimesEveryRunOfTheDefaultRegistrysCpSatStrategy()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "optimal_consolidation", "-p", "time_budget_seconds=0.5", "--repeat", "2", "--json");

        Assert.Equal(0, run.ExitCode);
        var o = JsonNode.Parse(run.Output)!.AsObject();
        Assert.Equal(2, o["timing"]!["runs"]!.GetValue<int>());
        Assert.NotNull(o["timing"]!["best_warm_ms"]);
        Assert.Equal(1, o["efficacy_indicators"]!["released_compute_nodes_count"]!.GetValue<double>());
    }

    [Fact]
    public void Of_SeveralRuns_FirstIsColdAndTheFastestLaterOneIsWarm()
    {
        var timing = SolveTiming.Of([50.0, 7.5, 3.25, 9.0]);

        Assert.Equal(new SolveTiming(4, 50.0, 3.25), timing);
        Assert.Null(SolveTiming.Of([2.0]).BestWarmMs);
        Assert.Throws<ArgumentException>(() => SolveTiming.Of([]));
    }
}
