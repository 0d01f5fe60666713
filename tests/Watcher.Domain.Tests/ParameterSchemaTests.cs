using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Domain.Tests.Strategies;

namespace Watcher.Domain.Tests;

/// <summary>Strategy parameters are validated by their JSON Schema, defaulted as Watcher does and bound to typed records.</summary>
public sealed class ParameterSchemaTests
{
    private static readonly ParameterSchema Dummy = new DummyStrategy().Parameters;

    /// <summary>Parameters each strategy requires (no default exists), so that its defaults can be bound.</summary>
    private static readonly Dictionary<string, JsonObject> RequiredInput = new(StringComparer.Ordinal)
    {
        ["host_maintenance"] = new() { ["maintenance_node"] = "node-1" },
        ["actuator"] = new() { ["actions"] = new JsonArray() },
    };

    public static TheoryData<string> StrategyNames() => [.. StrategyRegistry.Default.All.Select(s => s.Name)];

    [Fact]
    public void Resolve_NoInput_FillsDefaults()
    {
        var resolved = Dummy.Resolve(null, "dummy");

        Assert.Equal(3.2, resolved["para1"]!.GetValue<double>());
        Assert.Equal("hello", resolved["para2"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dummy", "{\"para1\": 0.5}", "'para1'", "at least 1")]
    [InlineData("dummy", "{\"para1\": 10.3}", "'para1'", "at most 10.2")]
    [InlineData("dummy", "{\"para1\": \"x\"}", "'para1'", "should be \"number\"")]
    [InlineData("dummy", "{\"para2\": 3}", "'para2'", "should be \"string\"")]
    [InlineData("dummy", "{\"nope\": 1}", "Strategy 'dummy'", "has no parameter 'nope'; known: para1, para2")]
    [InlineData("node_resource_consolidation", "{\"host_choice\": \"random\"}", "'host_choice'", "must be one of \"auto\", \"specify\"")]
    [InlineData("workload_stabilization", "{\"thresholds\": {\"instance_cpu_usage\": 1.5}}", "'thresholds.instance_cpu_usage'", "at most 1")]
    [InlineData("workload_stabilization", "{\"weights\": {\"disk_weight\": 0.5}}", "'weights'", "has no key 'disk_weight'")]
    [InlineData("workload_stabilization", "{\"metrics\": [\"instance_cpu_usage\", \"host_cpu_usage\"]}", "'metrics[1]'", "must be one of")]
    [InlineData("workload_stabilization", "{\"metrics\": []}", "'metrics'", "at least 1")]
    [InlineData("workload_stabilization", "{\"retry_count\": 1.5}", "'retry_count'", "should be \"integer\"")]
    [InlineData("workload_stabilization", "{\"periods\": {\"instance\": -1}}", "'periods.instance'", "at least 0")]
    [InlineData("workload_stabilization", "{\"aggregation_method\": {\"instance\": \"median\"}}", "'aggregation_method.instance'", "pattern")]
    [InlineData("basic", "{\"aggregation_method\": {\"compute_node\": 3}}", "'aggregation_method.compute_node'", "should be \"string\"")]
    [InlineData("zone_migration", "{\"compute_nodes\": [{\"dst_node\": \"n2\"}]}", "'compute_nodes[0]'", "requires key 'src_node'")]
    [InlineData("zone_migration", "{\"compute_nodes\": [{\"src_node\": \"n1\", \"dest\": \"n2\"}]}", "'compute_nodes[0]'", "has no key 'dest'; known: src_node, dst_node")]
    [InlineData("zone_migration", "{\"storage_pools\": [{\"src_pool\": \"a\"}]}", "'storage_pools[0]'", "must match exactly one of {\"required\":[\"dst_pool\"]}, {\"required\":[\"dst_type\"]}")]
    [InlineData("zone_migration", "{\"storage_pools\": [{\"src_pool\": \"a\", \"dst_pool\": \"b\", \"dst_type\": \"c\"}]}", "'storage_pools[0]'", "must match exactly one of")]
    [InlineData("zone_migration", "{\"priority\": {\"compute\": \"cpu\"}}", "'priority.compute'", "must be one of \"vcpu_num\"")]
    [InlineData("zone_migration", "{\"parallel_total\": -1}", "'parallel_total'", "at least 0")]
    [InlineData("actuator", "{\"actions\": [{\"action_type\": \"nop\"}]}", "'actions[0]'", "requires key 'input_parameters'")]
    [InlineData("actuator", "{\"actions\": [{\"action_type\": \"nop\", \"input_parameters\": {}, \"x\": 1}]}", "'actions[0]'", "has no key 'x'")]
    [InlineData("host_maintenance", "{}", "Strategy 'host_maintenance'", "requires parameter 'maintenance_node'")]
    public void Resolve_BadInput_ThrowsNamingThePathAndTheProblem(string strategy, string json, string path, string problem)
    {
        var schema = StrategyRegistry.Default.Find(strategy)!.Parameters;

        var ex = Assert.Throws<ValidationException>(() => schema.Resolve(JsonNode.Parse(json)!.AsObject(), strategy));

        Assert.True(ex.Message.Contains(path, StringComparison.Ordinal) && ex.Message.Contains(problem, StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void Resolve_NumberBuiltFromInt_IsAcceptedAndRangeChecked()
    {
        var bound = Dummy.Bind<DummyParameters>(new JsonObject { ["para1"] = 5 }, "dummy");

        Assert.Equal(5, bound.Para1);
        Assert.Throws<ValidationException>(() => Dummy.Resolve(new JsonObject { ["para1"] = 11L }, "dummy"));
    }

    [Fact]
    public void Resolve_PartialNestedObject_FillsNestedDefaults()
    {
        var schema = new WorkloadStabilizationStrategy().Parameters;

        var bound = schema.Bind<WorkloadStabilizationParameters>(new JsonObject { ["thresholds"] = new JsonObject { ["instance_ram_usage"] = 0.3 } }, "workload_stabilization");

        Assert.Equal(0.3, bound.Thresholds.InstanceRamUsage);
        Assert.Equal(0.1, bound.Thresholds.InstanceCpuUsage);
        Assert.Equal(["instance_cpu_usage"], bound.Metrics);
        Assert.Equal(720, bound.Periods.Instance);
        Assert.Equal("mean", bound.AggregationMethod.Instance);
    }

    [Fact]
    public void Bind_ZoneMigrationValidSet_BindsNestedItemsAndPriorityOrder()
    {
        var input = JsonNode.Parse("""
            {
              "compute_nodes": [{"src_node": "n1", "dst_node": "n2"}, {"src_node": "n3"}],
              "storage_pools": [{"src_pool": "a", "dst_type": "gold", "src_type": "silver"}],
              "priority": {"storage": "size", "project": ["p2", "p1"], "compute": "mem_size"},
              "parallel_total": 3
            }
            """)!.AsObject();

        var bound = new ZoneMigrationStrategy().Parameters.Bind<ZoneMigrationParameters>(input, "zone_migration");

        Assert.Equal("n2", bound.ComputeNodes![0].DstNode);
        Assert.Null(bound.ComputeNodes[1].DstNode);
        Assert.Equal("gold", bound.StoragePools![0].DstType);
        Assert.Equal(["storage", "project", "compute"], bound.Priority!.Order);
        Assert.Equal(["p2", "p1"], bound.Priority.Project);
        Assert.Equal(3, bound.ParallelTotal);
        Assert.Equal(2, bound.ParallelPerNode);
        Assert.False(bound.WithAttachedVolume);
    }

    [Fact]
    public void Bind_ActuatorValidSet_KeepsInputParametersAsGiven()
    {
        var input = JsonNode.Parse("""{"actions": [{"action_type": "nop", "input_parameters": {"message": "hi", "extra": [1]}, "resource_id": "r"}]}""")!.AsObject();

        var bound = new ActuatorStrategy().Parameters.Bind<ActuatorParameters>(input, "actuator");

        Assert.Equal("nop", bound.Actions[0].ActionType);
        Assert.Equal("r", bound.Actions[0].ResourceId);
        Assert.Equal("""{"message":"hi","extra":[1]}""", bound.Actions[0].InputParameters.ToJsonString());
    }

    [Fact]
    public void Bind_HostMaintenanceValidSet_BindsOptionalAndDefaults()
    {
        var bound = new HostMaintenanceStrategy().Parameters.Bind<HostMaintenanceParameters>(new JsonObject { ["maintenance_node"] = "n1", ["disable_live_migration"] = true }, "host_maintenance");

        Assert.Equal("n1", bound.MaintenanceNode);
        Assert.Null(bound.BackupNode);
        Assert.True(bound.DisableLiveMigration);
        Assert.False(bound.DisableColdMigration);
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Bind_DefaultsOnly_RecordCarriesEverySchemaDefault(string name)
    {
        var strategy = StrategyRegistry.Default.Find(name)!;
        var input = RequiredInput.TryGetValue(name, out var required) ? required.DeepClone().AsObject() : [];
        var recordType = strategy.GetType().BaseType!.GetGenericArguments().Single();

        var bound = typeof(ParameterSchema).GetMethod(nameof(ParameterSchema.Bind))!.MakeGenericMethod(recordType).Invoke(strategy.Parameters, [input, name]);
        var asJson = JsonSerializer.SerializeToNode(bound, recordType, StrategyParameterJson.Options)!.AsObject();

        foreach (var (parameter, spec) in strategy.Parameters.ToJsonSchema()["properties"]!.AsObject())
        {
            if (spec!["default"] is { } expected)
            {
                Assert.True(JsonNode.DeepEquals(StrategyDocPage.Normalize(expected), StrategyDocPage.Normalize(asJson[parameter])), $"{name}.{parameter}: schema default {expected.ToJsonString()}, record {asJson[parameter]?.ToJsonString() ?? "missing"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void ToJsonSchema_EveryStrategy_IsClosedAndDescribesEveryParameter(string name)
    {
        var schema = StrategyRegistry.Default.Find(name)!.Parameters.ToJsonSchema();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        foreach (var (parameter, spec) in schema["properties"]!.AsObject())
        {
            Assert.True(spec!["type"] is not null && spec["description"] is not null, $"{name}.{parameter} needs a type and a description");
        }
    }

    [Fact]
    public void ToJsonSchema_Copy_DoesNotChangeTheStrategysSchema()
    {
        var copy = Dummy.ToJsonSchema();
        copy["properties"]!["para1"]!["maximum"] = 100;

        Assert.Throws<ValidationException>(() => Dummy.Resolve(new JsonObject { ["para1"] = 50 }, "dummy"));
    }
}
