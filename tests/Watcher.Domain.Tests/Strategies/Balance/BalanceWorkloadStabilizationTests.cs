using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>workload_stabilization scenarios; expected plans follow Watcher's simulate/execute steps computed by hand.</summary>
public sealed class BalanceWorkloadStabilizationTests
{
    private const string Cpu = "instance_cpu_usage";
    private const string Ram = "instance_ram_usage";
    private const string HostCpu = "host_cpu_usage";
    private const string HostRam = "host_ram_usage";
    private static readonly WorkloadStabilizationStrategy Strategy = new();

    private static ComputeNode Node(string name, double cpuPercent, double ramMb = 0, int vcpus = 10) =>
        Host(name, vcpus: vcpus, memoryMb: 10000, metrics: [(HostCpu, cpuPercent), (HostRam, ramMb * 1024)]);

    private static JsonObject Parameters(string hostChoice = "fullsearch", double threshold = 0.1) => new()
    {
        ["host_choice"] = hostChoice,
        ["thresholds"] = new JsonObject { [Cpu] = threshold, [Ram] = threshold },
    };

    [Fact]
    public void Execute_FullSearch_AppliesBestMovesAndNeverOverloads()
    {
        // Normalised CPU: A .8, B .8, C 0, D .05 (SD .3879). C has 4 free vCPUs, D 10.
        // Simulation: a1 (.4) is best on C (SD .2655); b1 (.3, 6 vCPUs) does not fit on C, best on D (SD .2880).
        // Execution: a1 -> C (SD .2655), then b1 -> D (SD .0545 < .2655) and the CPU SD is under .1: stop.
        // Watcher, which ignores capacity when simulating, would send b1 to C and overload it (16 of 10 vCPUs).
        var cluster = new ClusterModel(
            [Node("A", 80), Node("B", 80), Node("C", 0), Node("D", 5)],
            [
                Vm("a1", "A", vcpus: 4, metrics: [(Cpu, 100)]),
                Vm("b1", "B", vcpus: 6, metrics: [(Cpu, 50)]),
                Vm("c0", "C", vcpus: 6, metrics: [(Cpu, 0)]),
            ]);

        var result = Run(Strategy, cluster, Parameters());

        Assert.Equal(["migrate live a1 A->C", "migrate live b1 B->D"], Plan(result));
        Assert.Equal(0.387903, Indicator(result, "standard_deviation_before_audit"), 5);
        Assert.Equal(0.054486, Indicator(result, "standard_deviation_after_audit"), 5);
        Assert.Equal(2, Indicator(result, "instance_migrations_count"));
        Assert.Null(result.Planner); // the default, capacity-ordering planner (Watcher's would run the moves unordered)
    }

    [Fact]
    public void Execute_FullSearch_SimulatedDestinationTaken_SearchesAgain()
    {
        // CPU A .8, B .8, C 0, D 0 (SD .4). Simulated, both a1 and b1 are best on C (SD .2828; C before D on ties).
        // a1 -> C is applied; b1 -> C would no longer help (SD .2828 again), so b1 is searched again: D gives SD 0.
        // Watcher applies the simulated destination as is and stops after a1.
        var cluster = new ClusterModel(
            [Node("A", 80), Node("B", 80), Node("C", 0), Node("D", 0)],
            [Vm("a1", "A", vcpus: 4, metrics: [(Cpu, 100)]), Vm("b1", "B", vcpus: 4, metrics: [(Cpu, 100)])]);

        var result = Run(Strategy, cluster, Parameters());

        Assert.Equal(["migrate live a1 A->C", "migrate live b1 B->D"], Plan(result));
        Assert.Equal(0, Indicator(result, "standard_deviation_after_audit"), 9);
    }

    [Fact]
    public void Execute_Cycle_EachInstanceTriesTheNextHostInTurn()
    {
        // CPU A .9, B 0, C .3 (SD .3742). Cycle over [B, C] for A's instances: a1 -> B (.2160), a2 -> C (.2944), a3 -> B (.2944).
        // Execution in that order: .2160, then .1414, then .0816 < .1 -> balanced.
        var cluster = new ClusterModel(
            [Node("A", 90), Node("B", 0), Node("C", 30)],
            [
                Vm("a1", "A", vcpus: 2, metrics: [(Cpu, 100)]),
                Vm("a2", "A", vcpus: 2, metrics: [(Cpu, 100)]),
                Vm("a3", "A", vcpus: 1, metrics: [(Cpu, 100)]),
            ]);

        var result = Run(Strategy, cluster, Parameters("cycle"));

        Assert.Equal(["migrate live a1 A->B", "migrate live a2 A->C", "migrate live a3 A->B"], Plan(result));
        Assert.Equal(0.081650, Indicator(result, "standard_deviation_after_audit"), 5);
    }

    [Theory]
    [InlineData(1.0, 0.5, "B")]
    [InlineData(0.5, 1.0, "C")]
    public void Execute_TwoMetrics_WeightsChooseTheDestination(double cpuWeight, double ramWeight, string expected)
    {
        // CPU A .6, B 0, C .3; RAM A .6, B .3, C 0. a1 adds .2 to both. To B: CPU SD .0816, RAM SD .2160; to C: the reverse.
        // The heavier-weighted metric wins; after the move that metric's SD (.0816) is under .1, so the run stops.
        var cluster = new ClusterModel(
            [Node("A", 60, 6000), Node("B", 0, 3000), Node("C", 30, 0)],
            [
                Vm("a1", "A", vcpus: 2, metrics: [(Cpu, 100), (Ram, 2000)]),
                Vm("c1", "C", vcpus: 2, metrics: [(Cpu, 100), (Ram, 2000)]) with { WatcherExclude = true },
            ]);
        var parameters = Parameters();
        parameters["metrics"] = new JsonArray(Cpu, Ram);
        parameters["weights"] = new JsonObject { [Cpu + "_weight"] = cpuWeight, [Ram + "_weight"] = ramWeight };

        var result = Run(Strategy, cluster, parameters);

        Assert.Equal([$"migrate live a1 A->{expected}"], Plan(result));
        Assert.Equal(0.367423, Indicator(result, "standard_deviation_before_audit"), 5);
        Assert.Equal(0.189662, Indicator(result, "standard_deviation_after_audit"), 5);
    }

    [Fact]
    public void Execute_RetryCoveringAllHosts_MatchesFullSearch()
    {
        var cluster = new ClusterModel(
            [Node("A", 80), Node("B", 80), Node("C", 0), Node("D", 5)],
            [
                Vm("a1", "A", vcpus: 4, metrics: [(Cpu, 100)]),
                Vm("b1", "B", vcpus: 6, metrics: [(Cpu, 50)]),
                Vm("c0", "C", vcpus: 6, metrics: [(Cpu, 0)]),
            ]);
        var retry = Parameters("retry");
        retry["retry_count"] = 3.0;

        Assert.Equal(Plan(Run(Strategy, cluster, Parameters())), Plan(Run(Strategy, cluster, retry)));
    }

    [Fact]
    public void Execute_DeviationUnderThreshold_ProposesNothing()
    {
        var cluster = new ClusterModel(
            [Node("A", 90), Node("B", 0), Node("C", 30)],
            [Vm("a1", "A", vcpus: 2, metrics: [(Cpu, 100)])]);

        var result = Run(Strategy, cluster, Parameters(threshold: 0.4));

        Assert.Empty(result.Actions);
        Assert.Equal(Indicator(result, "standard_deviation_before_audit"), Indicator(result, "standard_deviation_after_audit"));
    }

    [Fact]
    public void Execute_DefaultRetry_IsDeterministic()
    {
        var cluster = ClusterGenerator.Generate(50, 300, 3);

        Assert.Equal(Plan(Run(Strategy, cluster)), Plan(Run(Strategy, cluster)));
    }

    [Fact]
    public void Resolve_UnknownHostChoice_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["host_choice"] = "random" }, Strategy.Name));

        Assert.Contains("host_choice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics", "[\"instance_disk_usage\"]")]
    [InlineData("metrics", "[]")]
    [InlineData("thresholds", "{\"instance_cpu_usage\": 2}")]
    [InlineData("weights", "{\"instance_ram_usage_weight\": 1.5}")]
    [InlineData("instance_metrics", "{\"instance_ram_usage\": \"\"}")]
    [InlineData("periods", "{\"instance\": -1}")]
    [InlineData("retry_count", "1.5")]
    public void Execute_BadParameter_ThrowsNamingIt(string name, string json)
    {
        var cluster = new ClusterModel([Node("A", 90), Node("B", 0)], []);
        var parameters = new JsonObject { [name] = JsonNode.Parse(json) };

        var ex = Assert.Throws<ValidationException>(() => Run(Strategy, cluster, parameters));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fullsearch")]
    [InlineData("retry")]
    [InlineData("cycle")]
    public void Execute_GeneratedCluster2000Hosts_PlanVerifies(string hostChoice)
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 11);
        var parameters = new JsonObject { ["host_choice"] = hostChoice, ["metrics"] = new JsonArray(Cpu, Ram), ["thresholds"] = new JsonObject { [Cpu] = 0.05, [Ram] = 0.05 } };

        var result = Run(Strategy, cluster, parameters);

        Assert.NotEmpty(result.Actions);
        Assert.True(Indicator(result, "standard_deviation_after_audit") < Indicator(result, "standard_deviation_before_audit"));
    }

    [Fact]
    public void Planner_RegisteredUnderTheStrategysName()
    {
        Assert.IsType<WorkloadStabilizationPlanner>(PlannerRegistry.Default.Get("workload_stabilization"));
    }
}
