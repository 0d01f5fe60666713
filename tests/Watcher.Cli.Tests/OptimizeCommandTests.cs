using System.Text.Json.Nodes;

namespace Watcher.Cli.Tests;

/// <summary>The optimize command, run in-process on small snapshot files.</summary>
public sealed class OptimizeCommandTests : IDisposable
{
    private readonly SnapshotFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Run_JsonHostMaintenance_OneObjectWithActionsIndicatorsAndParentIndexes()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance", "--param", "maintenance_node=A", "--planner", "weight", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        var o = JsonNode.Parse(run.Output)!.AsObject();
        var actions = o["actions"]!.AsArray();
        Assert.Equal(["change_nova_service_state", "migrate", "migrate"], actions.Select(a => a!["action_type"]!.GetValue<string>()).ToArray());
        Assert.Equal("uuid-A", actions[0]!["input_parameters"]!["resource_id"]!.GetValue<string>());
        Assert.Equal("disabled", actions[0]!["input_parameters"]!["state"]!.GetValue<string>());
        Assert.Equal(["uuid-vm-1", "uuid-vm-2"], actions.Skip(1).Select(a => a!["input_parameters"]!["resource_id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray());
        Assert.All(actions.Skip(1), a => Assert.Equal("A", a!["input_parameters"]!["source_node"]!.GetValue<string>()));
        Assert.All(actions.Skip(1), a => Assert.Contains(a!["input_parameters"]!["destination_node"]!.GetValue<string>(), new[] { "B", "C" }));
        Assert.Equal([[], [0], [0]], actions.Select(a => a!["parents"]!.AsArray().Select(p => p!.GetValue<int>()).ToArray()).ToArray());
        Assert.Equal(2, o["efficacy_indicators"]!["instance_migrations_count"]!.GetValue<double>());
        Assert.IsType<JsonObject>(o["global_efficacy"]);
        Assert.True(o["solve_ms"]!.GetValue<double>() >= 0);
        Assert.Empty(o["warnings"]!.AsArray());
    }

    [Fact]
    public void Run_JsonDefaultPlanner_ParentsAreEarlierIndexes()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance", "-p", "maintenance_node=A", "--json");

        Assert.Equal(0, run.ExitCode);
        var actions = JsonNode.Parse(run.Output)!["actions"]!.AsArray();
        Assert.Equal(3, actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            Assert.All(actions[i]!["parents"]!.AsArray(), p => Assert.InRange(p!.GetValue<int>(), 0, i - 1));
        }
    }

    [Fact]
    public void Run_Table_ListsActionRowsIndicatorsAndSolveTime()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance", "--param", "maintenance_node=A", "--planner", "weight");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("#  TYPE", StringComparison.Ordinal) && l.Contains("PARENTS", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("0  change_nova_service_state", StringComparison.Ordinal) && l.Contains("A (uuid-A)", StringComparison.Ordinal) && l.Contains("-> disabled", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("1  migrate", StringComparison.Ordinal) && l.Contains("A -> ", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2  migrate", StringComparison.Ordinal) && l.Contains("A -> ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("vm-1 (uuid-vm-1)", StringComparison.Ordinal));
        Assert.Contains("Efficacy indicators:", run.Output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("instance_migrations_count", StringComparison.Ordinal) && l.Contains(" 2 ", StringComparison.Ordinal));
        Assert.Contains("Solve time: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownStrategy_Exit2WithMessageAndNoStackTrace()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "no_such_strategy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown strategy 'no_such_strategy'", run.Error, StringComparison.Ordinal);
        Assert.Contains("host_maintenance", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Run_UnknownParameter_Exit2NamingIt()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--param", "colour=blue");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'colour'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ParameterOutOfRange_Exit2NamingIt()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--param", "para1=50");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'para1'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ParameterOfWrongType_Exit2NamingIt()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--param", "para1=abc");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'para1'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingRequiredParameter_Exit2NamingIt()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'maintenance_node'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ParamWithoutEquals_Exit2()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--param", "para1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("KEY=VALUE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StrategyRejectsParameterValue_Exit2WithItsMessage()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "host_maintenance", "--param", "maintenance_node=Z");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("maintenance_node", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InconsistentSnapshot_Exit2WithProblem()
    {
        var cluster = SnapshotFiles.Small();
        var broken = new Watcher.Domain.Cluster.ClusterModel(cluster.Hosts, [.. cluster.Instances, cluster.Instances[0] with { Uuid = "uuid-lost", HostUuid = "uuid-nowhere" }]);
        var snapshot = _files.Write(broken);

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown host 'uuid-nowhere'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SnapshotNotJson_Exit2()
    {
        var snapshot = _files.WriteText("{ not json", "bad.json");

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a valid snapshot", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SnapshotWithoutLists_Exit2()
    {
        var snapshot = _files.WriteText("{}", "empty.json");

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"hosts\"", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SnapshotFileMissing_Exit2()
    {
        var run = CliRun.Of("optimize", "--snapshot", _files.PathOf("nope.json"), "--strategy", "dummy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingSnapshotOption_Exit2()
    {
        var run = CliRun.Of("optimize", "--strategy", "dummy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--snapshot", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownPlanner_Exit2ListingPlanners()
    {
        var snapshot = _files.Write(SnapshotFiles.Small());

        var run = CliRun.Of("optimize", "--snapshot", snapshot, "--strategy", "dummy", "--planner", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown planner 'nope'", run.Error, StringComparison.Ordinal);
        Assert.Contains("weight", run.Error, StringComparison.Ordinal);
    }
}
