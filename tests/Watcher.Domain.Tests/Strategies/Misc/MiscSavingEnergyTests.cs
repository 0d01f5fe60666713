using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Misc.MiscHarness;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Strategies.Misc;

/// <summary>saving_energy scenarios whose expected plans follow Watcher's saving_energy.py (with deterministic node choice).</summary>
public sealed class MiscSavingEnergyTests
{
    private static readonly SavingEnergyStrategy Strategy = new();

    private static ComputeNode On(string name, int memoryMb = 32768, ServiceStatus status = ServiceStatus.Enabled) =>
        Node(name, memoryMb: memoryMb, status: status) with { PowerState = NodePowerState.On };

    private static ComputeNode Off(string name, int memoryMb = 32768) =>
        Node(name, memoryMb: memoryMb, state: NodeState.Down) with { PowerState = NodePowerState.Off };

    [Fact]
    public void Execute_MoreEmptyNodesThanNeeded_PowersOffAllButTheLargest()
    {
        // 2 nodes with VMs: need = int(max(2 × 10 %, 1)) = 1 standby; e2 (64 GB) stays on.
        var cluster = new ClusterModel(
            [On("busy1"), On("busy2"), On("e1"), On("e2", memoryMb: 65536), On("e3", memoryMb: 16384), Off("off1")],
            [Vm("v1", "busy1"), Vm("v2", "busy2")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["power e1 off", "power e3 off"], Plan(result));
        Assert.Equal("uuid-e1", result.Actions[0].ResourceId);
        Assert.Equal(2, Indicator(result, "power_off_nodes_count"));
        Assert.Equal(1, Indicator(result, "standby_nodes_count"));
        Assert.Equal(50, Indicator(result, "powered_off_nodes_ratio"));
    }

    [Fact]
    public void Execute_TooFewStandbyNodes_PowersOnTheLargestPoweredOffNodes()
    {
        // 20 nodes with VMs at 10 % → 2 standby wanted, none is on: power on the two largest of three off nodes.
        var busy = Enumerable.Range(1, 20).Select(i => On($"busy{i:D2}")).ToList();
        var cluster = new ClusterModel(
            [.. busy, Off("off-a"), Off("off-b", memoryMb: 65536), Off("off-c", memoryMb: 49152)],
            busy.Select(n => Vm("vm-" + n.Hostname, n.Hostname)).ToList());

        var result = Run(Strategy, cluster);

        Assert.Equal(["power off-b on", "power off-c on"], Plan(result));
        Assert.Equal(2, Indicator(result, "power_on_nodes_count"));
    }

    [Fact]
    public void Execute_MinFreeHostsAboveWhatExists_PowersOnWhatItCanAndWarns()
    {
        var cluster = new ClusterModel([On("busy"), On("e1"), Off("off1")], [Vm("v", "busy")]);

        var result = Run(Strategy, cluster, new JsonObject { ["min_free_hosts_num"] = 3.0 });

        Assert.Equal(["power off1 on"], Plan(result));
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Execute_UnmanagedOrOutOfScopeNodes_AreLeftAlone()
    {
        // Only e1 and e2 count as standby; need is 1, so one of them is powered off.
        var cluster = new ClusterModel(
            [On("busy"), On("e1", memoryMb: 65536), On("e2"), Node("nopower"), On("outside")],
            [Vm("v", "busy")]);

        var result = Run(Strategy, cluster, scope: new AuditScope { ExcludeHosts = ["outside"] });

        Assert.Equal(["power e2 off"], Plan(result));
    }

    [Fact]
    public void Execute_EmptyDisabledNodesLeftByAConsolidation_ArePoweredOffAndNeverCountAsStandby()
    {
        // A consolidation emptied and disabled d1 and d2. Watcher powers empty nodes off whatever their service status;
        // a disabled node cannot take new instances, so it is no standby: both go off, and e1 stays the one standby.
        var cluster = new ClusterModel(
            [On("busy"), On("e1"), On("d1", status: ServiceStatus.Disabled), On("d2", status: ServiceStatus.Disabled, memoryMb: 65536)],
            [Vm("v", "busy")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["power d1 off", "power d2 off"], Plan(result));
        Assert.Equal(2, Indicator(result, "power_off_nodes_count"));
        Assert.Equal(1, Indicator(result, "standby_nodes_count"));
        Assert.Empty(PlanVerifierProblems(cluster, result));
    }

    [Fact]
    public void Execute_OnlyDisabledNodesEmpty_PowersThemOffAndWarnsThatNoStandbyIsLeft()
    {
        var cluster = new ClusterModel([On("busy"), On("d1", status: ServiceStatus.Disabled)], [Vm("v", "busy")]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["power d1 off"], Plan(result));
        Assert.Contains("disabled", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_StandbyPoolExactlyRight_DoesNothing()
    {
        var cluster = new ClusterModel([On("busy"), On("e1"), Off("off1")], [Vm("v", "busy")]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Execute_FractionalNeed_IsTruncatedAsInWatcher()
    {
        // 25 nodes with VMs at 10 % = 2.5 → 2 standby; 4 empty on → 2 powered off.
        var busy = Enumerable.Range(1, 25).Select(i => On($"busy{i:D2}")).ToList();
        var cluster = new ClusterModel(
            [.. busy, On("e1"), On("e2"), On("e3"), On("e4")],
            busy.Select(n => Vm("vm-" + n.Hostname, n.Hostname)).ToList());

        var result = Run(Strategy, cluster);

        Assert.Equal(["power e3 off", "power e4 off"], Plan(result));
    }

    [Theory]
    [InlineData("""{"free_used_percent": -1}""", "free_used_percent")]
    [InlineData("""{"min_free_hosts_num": "two"}""", "min_free_hosts_num")]
    [InlineData("""{"standby": 2}""", "standby")]
    public void Execute_BadParameter_ThrowsValidationNamingIt(string json, string parameter)
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(JsonNode.Parse(json)!.AsObject(), Strategy.Name));

        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PowersOffOnlyEmptyNodes()
    {
        var generated = ClusterGenerator.Generate(2000, 6000, seed: 3);
        var cluster = new ClusterModel(generated.Hosts.Select(h => h with { PowerState = NodePowerState.On }).ToList(), generated.Instances);

        var result = Run(Strategy, cluster);

        Assert.NotEmpty(result.Actions);
        Assert.All(result.Actions, a => Assert.Empty(cluster.InstancesOn(a.ResourceId!)));
        var busy = cluster.Hosts.Count(h => cluster.InstancesOn(h.Uuid).Count > 0);
        Assert.Equal(cluster.Hosts.Count - busy - Math.Max(busy / 10, 1), result.Actions.Count);
    }

    private static IReadOnlyList<string> PlanVerifierProblems(ClusterModel cluster, StrategyResult result) => PlanVerifier.Verify(cluster, result.Actions);
}
