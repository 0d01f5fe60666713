using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>actuator scenarios: Watcher's actuation.py emits the given actions in order.</summary>
public sealed class MiscActuatorTests
{
    private static readonly ActuatorStrategy Strategy = new();

    private static readonly ClusterModel Cluster = new(
        [Node("A"), Node("B"), Node("C", vcpus: 2, memoryMb: 4096)],
        [Vm("i1", "A"), Vm("i2", "A", vcpus: 4, memoryMb: 8192)]);

    private static JsonObject Actions(string json) => new() { ["actions"] = JsonNode.Parse(json) };

    [Fact]
    public void Execute_KnownActions_EmittedInOrderWithTopLevelResourceIdMovedIntoParameters()
    {
        var result = Run(Strategy, Cluster, Actions("""
            [
              {"action_type": "nop", "input_parameters": {"message": "hello"}},
              {"action_type": "change_nova_service_state", "resource_id": "uuid-A", "input_parameters": {"state": "disabled", "disabled_reason": "watcher_maintaining"}},
              {"action_type": "migrate", "resource_id": "uuid-i1", "input_parameters": {"migration_type": "live", "source_node": "A", "destination_node": "B"}},
              {"action_type": "sleep", "input_parameters": {"duration": 1}}
            ]
            """));

        Assert.Equal(["nop", "service uuid-A disabled", "migrate live  A->B", "sleep"], Plan(result));
        Assert.Equal("uuid-A", result.Actions[1].ResourceId);
        Assert.Equal("hello", (string?)result.Actions[0].InputParameters["message"]);
        Assert.Empty(result.Warnings);
        Assert.Empty(result.EfficacyIndicators);
    }

    [Fact]
    public void Execute_UnknownActionType_ThrowsNamingActions()
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, Cluster, Actions("""[{"action_type": "reboot", "input_parameters": {}}]""")));

        Assert.Contains("'actions'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reboot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_WatcherTypeWithoutHandler_IsAcceptedWithAWarning()
    {
        var limited = new ActuatorStrategy([ActionTypes.Nop]);

        var result = Run(limited, Cluster, Actions("""
            [{"action_type": "stop", "resource_id": "uuid-i1", "input_parameters": {"resource_id": "uuid-i1"}},
             {"action_type": "nop", "input_parameters": {"message": "x"}}]
            """));

        Assert.Equal(2, result.Actions.Count);
        Assert.Single(result.Warnings);
        Assert.Contains("stop", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_RetypeOfUnknownVolume_IsRejectedNamingIt()
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, Cluster, Actions("""
            [{"action_type": "volume_migrate", "resource_id": "vol-1", "input_parameters": {"migration_type": "retype", "destination_type": "gold"}}]
            """)));

        Assert.Contains("Volume vol-1 does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_SleepOutOfBounds_IsRejectedByTheSchema()
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, Cluster, Actions("""
            [{"action_type": "sleep", "input_parameters": {"duration": -1}}]
            """)));

        Assert.Contains("/duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_MigrationThatOverloadsANode_IsRejected()
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, Cluster, Actions("""
            [{"action_type": "migrate", "resource_id": "uuid-i2", "input_parameters": {"migration_type": "live", "source_node": "A", "destination_node": "C"}}]
            """)));

        Assert.Contains("C has no room for instance uuid-i2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_MigrationOfExcludedInstance_IsRejected()
    {
        var parameters = Actions("""
            [{"action_type": "migrate", "resource_id": "uuid-i1", "input_parameters": {"migration_type": "live", "source_node": "A", "destination_node": "B"}}]
            """);
        var context = new StrategyContext(Cluster, Strategy.Parameters.Resolve(parameters, Strategy.Name), new AuditScope { ExcludeInstances = ["uuid-i1"] });

        var ex = Assert.Throws<ValidationException>(() => Strategy.Execute(context));

        Assert.Contains("excludes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_DuplicateAction_IsDroppedWithAWarning()
    {
        var result = Run(Strategy, Cluster, Actions("""
            [{"action_type": "nop", "input_parameters": {"message": "x"}}, {"action_type": "nop", "input_parameters": {"message": "x"}}]
            """));

        Assert.Equal(["nop"], Plan(result));
        Assert.Single(result.Warnings);
    }

    [Theory]
    [InlineData("{}", "requires parameter 'actions'")]
    [InlineData("""{"actions": {}}""", "'actions'")]
    [InlineData("""{"actions": [{"action_type": "nop"}]}""", "input_parameters")]
    [InlineData("""{"actions": [{"input_parameters": {}}]}""", "action_type")]
    [InlineData("""{"actions": [{"action_type": "nop", "input_parameters": {}, "when": "now"}]}""", "when")]
    [InlineData("""{"actions": [{"action_type": "stop", "resource_id": "a", "input_parameters": {"resource_id": "b"}}]}""", "resource_id")]
    [InlineData("""{"actions": [{"action_type": "migrate", "resource_id": "uuid-i1", "input_parameters": {"migration_type": "live"}}]}""", "destination_node")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string expected)
    {
        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, Cluster, JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_ValidMigrationsPass()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, seed: 2);
        var placement = new Placement(cluster);
        var actions = new JsonArray();
        foreach (var instance in cluster.Instances.Take(200))
        {
            var destination = cluster.Hosts.Last(h => h.Uuid != placement.HostOf(instance) && h.State == NodeState.Up && placement.Fits(instance, h));
            var source = cluster.FindNode(placement.HostOf(instance))!;
            placement.Move(instance, destination);
            actions.Add(new JsonObject
            {
                ["action_type"] = "migrate",
                ["resource_id"] = instance.Uuid,
                ["input_parameters"] = new JsonObject { ["migration_type"] = Watcher.Domain.Actions.Definitions.MigrateDefinition.CanLiveMigrate(instance) ? "live" : "cold", ["source_node"] = source.Hostname, ["destination_node"] = destination.Hostname },
            });
        }

        var result = Run(Strategy, cluster, new JsonObject { ["actions"] = actions });

        Assert.Equal(200, result.Actions.Count);
    }
}
