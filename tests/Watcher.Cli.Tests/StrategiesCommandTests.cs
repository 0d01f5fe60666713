using System.Text.Json.Nodes;

namespace Watcher.Cli.Tests;

/// <summary>The strategies command lists whatever the registries hold, and parameter values parse as the Watcher client does.</summary>
public sealed class StrategiesCommandTests
{
    [Fact]
    public void Run_Strategies_ListsEveryRegisteredStrategyWithGoal()
    {
        var run = CliRun.Of("strategies");

        Assert.Equal(0, run.ExitCode);
        Assert.NotEmpty(StrategyCatalog.Default.Strategies.All);
        foreach (var strategy in StrategyCatalog.Default.Strategies.All)
        {
            Assert.Contains($"{strategy.Name}  (goal {strategy.GoalName})", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("maintenance_node (string, required)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StrategiesJson_ArrayWithParameterSpecs()
    {
        var run = CliRun.Of("strategies", "--json");

        Assert.Equal(0, run.ExitCode);
        var list = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(StrategyCatalog.Default.Strategies.All.Count, list.Count);
        var dummy = list.Single(s => s!["name"]!.GetValue<string>() == "dummy")!;
        Assert.Equal("dummy", dummy["goal"]!.GetValue<string>());
        Assert.Equal(3.2, dummy["parameters_spec"]!["properties"]!["para1"]!["default"]!.GetValue<double>());
    }

    [Fact]
    public void Parse_Values_JsonWhenItParsesElseString()
    {
        var parameters = ParameterArguments.Parse(["n=3", "b=true", "s=compute-1", "a=[1,2]", "o={\"k\":1}", "q=\"quoted\"", "e=", "n=4", "eq=a=b"]);

        Assert.Equal(4, parameters["n"]!.GetValue<double>());
        Assert.True(parameters["b"]!.GetValue<bool>());
        Assert.Equal("compute-1", parameters["s"]!.GetValue<string>());
        Assert.Equal(2, parameters["a"]!.AsArray().Count);
        Assert.Equal(1, parameters["o"]!["k"]!.GetValue<int>());
        Assert.Equal("quoted", parameters["q"]!.GetValue<string>());
        Assert.Equal(string.Empty, parameters["e"]!.GetValue<string>());
        Assert.Equal("a=b", parameters["eq"]!.GetValue<string>());
    }
}
