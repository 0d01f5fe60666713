using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;

namespace Watcher.Domain.Tests;

/// <summary>Strategy parameters are validated and defaulted as Watcher's parameters_spec says.</summary>
public sealed class ParameterSchemaTests
{
    private static readonly ParameterSchema Dummy = new DummyStrategy().Parameters;

    [Fact]
    public void Resolve_NoInput_FillsDefaults()
    {
        var resolved = Dummy.Resolve(null, "dummy");

        Assert.Equal(3.2, resolved["para1"]!.GetValue<double>());
        Assert.Equal("hello", resolved["para2"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"para1\": 0.5}", "at least 1")]
    [InlineData("{\"para1\": \"x\"}", "must be a number")]
    [InlineData("{\"para2\": 3}", "must be a string")]
    [InlineData("{\"nope\": 1}", "has no parameter 'nope'")]
    public void Resolve_BadInput_ThrowsNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<ValidationException>(() => Dummy.Resolve(JsonNode.Parse(json)!.AsObject(), "dummy"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingRequired_Throws()
    {
        var ex = Assert.Throws<ValidationException>(() => new HostMaintenanceStrategy().Parameters.Resolve([], "host_maintenance"));

        Assert.Contains("maintenance_node", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonSchema_Dummy_HasWatcherShape()
    {
        var schema = Dummy.ToJsonSchema();

        Assert.Equal("number", schema["properties"]!["para1"]!["type"]!.GetValue<string>());
        Assert.Equal(10.2, schema["properties"]!["para1"]!["maximum"]!.GetValue<double>());
        Assert.Equal("hello", schema["properties"]!["para2"]!["default"]!.GetValue<string>());
    }

    [Fact]
    public void Resolve_NumberBuiltFromInt_IsAcceptedAndRangeChecked()
    {
        var resolved = Dummy.Resolve(new JsonObject { ["para1"] = 5 }, "dummy");

        Assert.Equal(5, new StrategyContext(new Cluster.ClusterModel([], []), resolved).GetDouble("para1"));
        Assert.Throws<ValidationException>(() => Dummy.Resolve(new JsonObject { ["para1"] = 11L }, "dummy"));
    }
}
