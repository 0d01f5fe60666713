using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>outlet_temperature scenarios: one active instance from the hottest host to the coolest host with room.</summary>
public sealed class BalanceOutletTemperatureTests
{
    private const string Temp = "host_outlet_temp";
    private static readonly OutletTempControlStrategy Strategy = new();

    private static ComputeNode Node(string name, double temp, int vcpus = 16, ServiceStatus status = ServiceStatus.Enabled) =>
        Host(name, vcpus: vcpus, status: status, metrics: [(Temp, temp)]);

    [Fact]
    public void Execute_HotHosts_MovesFirstActiveMovableInstanceOfHottestToCoolest()
    {
        var cluster = new ClusterModel(
            [Node("A", 40), Node("B", 30), Node("C", 25), Node("D", 36)],
            [
                Vm("a1", "A", state: InstanceState.Stopped),
                Vm("a2", "A") with { WatcherExclude = true },
                Vm("a3", "A"),
                Vm("d1", "D"),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a3 A->C"], Plan(result));
        Assert.Equal(1, Indicator(result, "instance_migrations_count"));
    }

    [Fact]
    public void Execute_CoolestHostFull_UsesNextCoolest()
    {
        var cluster = new ClusterModel(
            [Node("A", 40), Node("B", 30), Node("C", 25, vcpus: 4)],
            [Vm("a1", "A", vcpus: 2), Vm("c1", "C", vcpus: 3)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_HottestHostHasNothingMovable_UsesNextHotHost()
    {
        var cluster = new ClusterModel(
            [Node("A", 50), Node("B", 30), Node("D", 38)],
            [Vm("a1", "A", state: InstanceState.Stopped), Vm("d1", "D")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live d1 D->B"], Plan(result));
    }

    [Fact]
    public void Execute_FirstCandidateFitsNowhere_TriesTheNextInstance()
    {
        // Watcher would give up after a1; we move a2 instead.
        var cluster = new ClusterModel(
            [Node("A", 40, vcpus: 32), Node("B", 30, vcpus: 8)],
            [Vm("a1", "A", vcpus: 16), Vm("a2", "A", vcpus: 4)]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a2 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_NoHostUnderThreshold_ProposesNothingAndWarns()
    {
        var cluster = new ClusterModel([Node("A", 40), Node("B", 36)], [Vm("a1", "A")]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Execute_DisabledOutOfScopeOrUnmeasuredHosts_AreNotDestinations()
    {
        // C is coolest but disabled, D is excluded from the scope, E has no metric: only B remains.
        var cluster = new ClusterModel(
            [Node("A", 40), Node("B", 34), Node("C", 20, status: ServiceStatus.Disabled), Node("D", 21), Host("E")],
            [Vm("a1", "A")]);

        var result = Run(Strategy, cluster, scope: new AuditScope { ExcludeHosts = ["D"] });

        Assert.Equal(["migrate live a1 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_CustomThreshold_ChangesWhichHostsAreHot()
    {
        var cluster = new ClusterModel([Node("A", 30), Node("B", 20)], [Vm("a1", "A")]);

        Assert.Empty(Run(Strategy, cluster).Actions);
        Assert.Equal(["migrate live a1 A->B"], Plan(Run(Strategy, cluster, new JsonObject { ["threshold"] = 28.0 })));
    }

    [Fact]
    public void Resolve_ThresholdNotANumber_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["threshold"] = "hot" }, Strategy.Name));

        Assert.Contains("threshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PlanVerifies()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 5);

        var result = Run(Strategy, cluster, new JsonObject { ["threshold"] = 30.0 });

        Assert.Single(result.Actions);
    }
}
