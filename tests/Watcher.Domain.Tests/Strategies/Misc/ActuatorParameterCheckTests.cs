using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Strategies.Builtin;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>The actuator's checks at audit creation: each action's type, input schema and (given the cluster) its replay, every problem naming actions[i].</summary>
public sealed class ActuatorParameterCheckTests
{
    private static readonly ActuatorStrategy Strategy = new();

    private static readonly ClusterModel Cluster = new([Node("A"), Node("B")], [Vm("i1", "A")]);

    private static JsonObject Actions(string json) => Strategy.Parameters.Resolve(new JsonObject { ["actions"] = JsonNode.Parse(json) }, "actuator");

    [Fact]
    public void CheckParameters_ValidActions_NoProblems()
    {
        var problems = Strategy.CheckParameters(Actions("""
            [{"action_type": "sleep", "input_parameters": {"duration": 1}},
             {"action_type": "migrate", "resource_id": "uuid-i1", "input_parameters": {"migration_type": "live", "source_node": "A", "destination_node": "B"}},
             {"action_type": "stop", "input_parameters": {"resource_id": "uuid-i1"}}]
            """), Cluster);

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""[{"action_type": "sleep", "input_parameters": {"duration": -1}}]""", "'actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration'")]
    [InlineData("""[{"action_type": "nop", "input_parameters": {}}, {"action_type": "stop", "input_parameters": {"resource_id": "nope"}}]""", "'actions[1]' of strategy 'actuator' (stop of nope): Instance nope does not exist.")]
    [InlineData("""[{"action_type": "migrate", "resource_id": "uuid-i1", "input_parameters": {"migration_type": "live", "source_node": "A", "destination_node": "Z"}}]""", "'actions[0]' of strategy 'actuator' (migrate of uuid-i1): Compute node Z does not exist.")]
    [InlineData("""[{"action_type": "reboot", "input_parameters": {}}]""", "item 0: action_type 'reboot' is not a known action type")]
    public void CheckParameters_BadAction_NamesIndexAndField(string actions, string named)
    {
        var problems = Strategy.CheckParameters(Actions(actions), Cluster);

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_SleepOverTheWorkLimit_ThrowsNamingIndexAndField()
    {
        // A duration over Watcher:Http:Limits:MaxSleepSeconds is refused while the parameters resolve, before the replay.
        var ex = Assert.Throws<Watcher.Domain.Errors.ValidationException>(() => Actions("""[{"action_type": "sleep", "input_parameters": {"duration": 1e308}}]"""));

        Assert.Contains("'actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration' is 1E+308 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_WithoutCluster_ChecksSchemasOnly()
    {
        Assert.Empty(Strategy.CheckParameters(Actions("""[{"action_type": "stop", "input_parameters": {"resource_id": "nope"}}]"""), cluster: null));
        Assert.NotEmpty(Strategy.CheckParameters(Actions("""[{"action_type": "sleep", "input_parameters": {"duration": -1}}]"""), cluster: null));
    }
}
