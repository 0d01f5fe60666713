using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Strategies.Builtin;
using Watcher.Simulator;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>workload_balance scenarios derived by hand from Watcher's algorithm, repeated to a fixed point.</summary>
public sealed class BalanceWorkloadBalanceTests
{
    private const string Cpu = "instance_cpu_usage";
    private const string Ram = "instance_ram_usage";
    private static readonly WorkloadBalanceStrategy Strategy = new();

    [Fact]
    public void Execute_CpuOverThreshold_MovesClosestToAverageUntilNothingQualifies()
    {
        // Workloads (vCPUs busy): A 7 (43.75 %), B 1 (6.25 %), C 2 (12.5 %); average 10/3.
        // Step 1: A's excess 3.67 -> a1 (2) leaves the smallest non-negative remainder; B is least used, 3 < 4 allowed.
        // Step 2: A (5, 31.25 %) excess 1.67 -> a3 (1); C (12.5 %) is now least used. Step 3: A at 25 %, excess 0.67 < a2's 4.
        var cluster = new ClusterModel(
            [Host("A"), Host("B"), Host("C")],
            [
                Vm("a1", "A", vcpus: 4, metrics: [(Cpu, 50)]),
                Vm("a2", "A", vcpus: 4, metrics: [(Cpu, 100)]),
                Vm("a3", "A", vcpus: 2, metrics: [(Cpu, 50)]),
                Vm("b1", "B", vcpus: 2, metrics: [(Cpu, 50)]),
                Vm("c1", "C", vcpus: 4, metrics: [(Cpu, 25)]),
                Vm("c2", "C", vcpus: 2, metrics: [(Cpu, 50)]),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a1 A->B", "migrate live a3 A->C"], Plan(result));
        Assert.Equal(2, Indicator(result, "instance_migrations_count"));
        Assert.Equal(6, Indicator(result, "instances_count"));
        Assert.Equal(16.404183, Indicator(result, "standard_deviation_before_audit"), 5);
        Assert.Equal(2.946278, Indicator(result, "standard_deviation_after_audit"), 5);
        Assert.Equal(100.0 * 2 / 6, result.GlobalEfficacy.Single(i => i.Name == "live_migrations_count").Value, 6);
    }

    [Fact]
    public void Execute_RamMetric_UsesMegabytesOverNodeMemory()
    {
        // RAM in MB over 10,000 MB nodes: A 4500 (45 %), B 500, C 1000; average 2000, A's excess 2500.
        // r1 (3000) would overshoot, r2 (1500) leaves 1000; B: 500 + 1500 < 3000. Then A is at 30 %, excess 1000 < 3000.
        var cluster = new ClusterModel(
            [Host("A", memoryMb: 10000), Host("B", memoryMb: 10000), Host("C", memoryMb: 10000)],
            [
                Vm("r1", "A", memoryMb: 4096, metrics: [(Ram, 3000)]),
                Vm("r2", "A", memoryMb: 2048, metrics: [(Ram, 1500)]),
                Vm("b1", "B", memoryMb: 1024, metrics: [(Ram, 500)]),
                Vm("c1", "C", memoryMb: 1024, metrics: [(Ram, 1000)]),
            ]);

        var result = Run(Strategy, cluster, new JsonObject { ["metrics"] = Ram, ["threshold"] = 30.0 });

        Assert.Equal(["migrate live r2 A->B"], Plan(result));
    }

    [Fact]
    public void Execute_LeastUsedHostIsFull_PicksNextHostWithRoom()
    {
        // B is idle (0 %) but its 8 vCPUs are all allocated, so a2 goes to C (1 + 2 < 4 busy vCPUs).
        var cluster = new ClusterModel(
            [Host("A"), Host("B", vcpus: 8), Host("C")],
            [
                Vm("a1", "A", vcpus: 4, metrics: [(Cpu, 100)]),
                Vm("a2", "A", vcpus: 2, metrics: [(Cpu, 100)]),
                Vm("b1", "B", vcpus: 8, metrics: [(Cpu, 0)]),
                Vm("c1", "C", vcpus: 2, metrics: [(Cpu, 50)]),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a2 A->C"], Plan(result));
    }

    [Fact]
    public void Execute_DestinationWouldCrossThreshold_MovesNothingAndWarns()
    {
        // A: 8 busy vCPUs (50 %), B: 3 (18.75 %); average 5.5, excess 2.5 -> a1 (2); B would reach 5 >= 4. a2 (6) overshoots.
        var cluster = new ClusterModel(
            [Host("A"), Host("B")],
            [
                Vm("a1", "A", vcpus: 2, metrics: [(Cpu, 100)]),
                Vm("a2", "A", vcpus: 6, metrics: [(Cpu, 100)]),
                Vm("b1", "B", vcpus: 4, metrics: [(Cpu, 75)]),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Contains(result.Warnings, w => w.Contains("a1", StringComparison.Ordinal));
        Assert.Equal(Indicator(result, "standard_deviation_before_audit"), Indicator(result, "standard_deviation_after_audit"));
    }

    [Fact]
    public void Execute_ExcludedStoppedAndDisabled_AreSkipped()
    {
        // B is disabled (not counted, not a target). A: 5 busy (31.25 %), C: 1; average 3, excess 2.
        // a1 (excluded) and a2 (stopped) are skipped; a3 (1) goes to C. A then sits at 25 % with no movable instance left.
        var cluster = new ClusterModel(
            [Host("A"), Host("B", status: ServiceStatus.Disabled), Host("C")],
            [
                Vm("a1", "A", vcpus: 2, metrics: [(Cpu, 100)]) with { WatcherExclude = true },
                Vm("a2", "A", vcpus: 2, state: InstanceState.Stopped, metrics: [(Cpu, 100)]),
                Vm("a3", "A", vcpus: 2, metrics: [(Cpu, 50)]),
                Vm("c1", "C", vcpus: 2, metrics: [(Cpu, 50)]),
            ]);

        var result = Run(Strategy, cluster);

        Assert.Equal(["migrate live a3 A->C"], Plan(result));
    }

    [Fact]
    public void Execute_NoHostOverThreshold_ProposesNothing()
    {
        var cluster = new ClusterModel([Host("A"), Host("B")], [Vm("a1", "A", metrics: [(Cpu, 50)])]);

        var result = Run(Strategy, cluster);

        Assert.Empty(result.Actions);
        Assert.Equal(0, result.GlobalEfficacy.Single().Value);
    }

    [Fact]
    public void Resolve_UnknownMetric_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["metrics"] = "host_cpu_usage" }, Strategy.Name));

        Assert.Contains("metrics", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ThresholdNotANumber_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ValidationException>(() => Strategy.Parameters.Resolve(new JsonObject { ["threshold"] = "high" }, Strategy.Name));

        Assert.Contains("threshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_GeneratedCluster2000Hosts_PlanVerifies()
    {
        var cluster = ClusterGenerator.Generate(2000, 8000, 7);

        var result = Run(Strategy, cluster, new JsonObject { ["threshold"] = 20.0 });

        Assert.NotEmpty(result.Actions);
        Assert.True(Indicator(result, "standard_deviation_after_audit") < Indicator(result, "standard_deviation_before_audit"));
    }
}
