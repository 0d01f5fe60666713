using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>uniform_airflow scenarios: one instance off the highest-airflow host, or a full evacuation when it looks faulty.</summary>
public sealed class BalanceUniformAirflowTests
{
    private const string Airflow = "host_airflow";
    private const string Inlet = "host_inlet_temp";
    private const string Power = "host_power";
    private static readonly UniformAirflowStrategy Strategy = new();

    private static ComputeNode Node(string name, double airflow, double inlet = 30, double power = 400, int vcpus = 16) =>
        Host(name, vcpus: vcpus, metrics: [(Airflow, airflow), (Inlet, inlet), (Power, power)]);

    [Fact]
    public void Execute_HighAirflowNormalPower_MovesFirstActiveInstanceToLowestAirflowHost()
    {
        var cluster = new ClusterModel(
            [Node("A", 450), Node("B", 300), Node("C", 200), Node("D", 500)],
            [Vm("d1", "D", state: InstanceState.Stopped), Vm("d2", "D"), Vm("d3", "D"), Vm("a1", "A")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live d2 D->C"], Plan(result));
        Assert.Equal(1, Indicator(result, "instance_migrations_count"));
    }

    [Fact]
    public void Execute_LowPowerAndInlet_EvacuatesEverythingLargestFirst()
    {
        // A looks faulty (power 300 < 350, inlet 25 < 28). Largest first: a3 (8) and a2 (4) fill C's 12 free vCPUs, a1 goes to B.
        var cluster = new ClusterModel(
            [Node("A", 500, inlet: 25, power: 300), Node("B", 300), Node("C", 200)],
            [
                Vm("a1", "A", vcpus: 2),
                Vm("a2", "A", vcpus: 4, state: InstanceState.Stopped),
                Vm("a3", "A", vcpus: 8),
                Vm("c1", "C", vcpus: 4),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a3 A->C", "migrate cold a2 A->C", "migrate live a1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_FaultyHostCannotBeEmptied_LeavesItAndServesNextSource()
    {
        var cluster = new ClusterModel(
            [Node("A", 600, inlet: 25, power: 300, vcpus: 64), Node("D", 450), Node("C", 200)],
            [Vm("big", "A", vcpus: 32), Vm("small", "A", vcpus: 2), Vm("d1", "D", vcpus: 2)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live d1 D->C"], Plan(result));
        Assert.Contains(result.Warnings, w => w.Contains("A", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_MissingInletOrPower_MovesOneInstance()
    {
        var cluster = new ClusterModel(
            [Host("A", metrics: [(Airflow, 500), (Power, 100)]), Node("B", 100)],
            [Vm("a1", "A"), Vm("a2", "A")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_NoHostUnderAirflowThreshold_ProposesNothing()
    {
        var cluster = new ClusterModel([Node("A", 500), Node("B", 420)], [Vm("a1", "A")]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Execute_CustomThresholds_AreHonoured()
    {
        var cluster = new ClusterModel(
            [Node("A", 300, inlet: 25, power: 200), Node("B", 100)],
            [Vm("a1", "A"), Vm("a2", "A")]);
        var parameters = new JsonObject { ["threshold_airflow"] = 250.0, ["threshold_inlet_t"] = 20.0, ["threshold_power"] = 150.0 };

        // Airflow 300 >= 250 makes A a source; inlet 25 and power 200 are above their thresholds, so one instance moves.
        Assert.Equal(["migrate live a1 A->B"], Plan(Run(Strategy, cluster, parameters)));
    }

    [Theory]
    [InlineData("threshold_airflow")]
    [InlineData("threshold_inlet_t")]
    [InlineData("threshold_power")]
    [InlineData("period")]
    public void Resolve_NonNumericThreshold_ThrowsNamingParameter(string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { [name] = "x" }, Strategy.Name));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PlanVerifies()
    {
        var generated = ClusterGenerator.Generate(2000, 8000, 9);
        var hosts = generated.Hosts.Select((h, i) => h with
        {
            Metrics = new Dictionary<string, double>(h.Metrics)
            {
                [Airflow] = 200 + (i * 37 % 300),
                [Inlet] = 20 + (i % 12),
                [Power] = 250 + (i * 13 % 200),
            },
        }).ToList();
        var cluster = new ClusterModel(hosts, generated.Instances);

        var result = Run(Strategy, cluster);

        Assert.NotEmpty(result.Actions);
    }
}
