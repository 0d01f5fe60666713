using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Testing.TestClusters;

namespace Watcher.Domain.Tests.Planning;

/// <summary>The conflict planner orders a resize, which changes its host's use, against the migrations of that host.</summary>
public sealed class ResizePlanningTests
{
    private static readonly ClusterModel Cluster = new(
        [Node("A"), Node("B"), Node("C")],
        [Vm("1", "A"), Vm("2", "A"), Vm("r", "B") with { Flavor = "m1.medium" }, Vm("c", "C") with { Flavor = "m1.medium" }],
        flavors: [new Flavor { Id = "4", Name = "m1.large", VCpus = 4, MemoryMb = 8192, DiskGb = 80 }]);

    private static int[][] Graph(IReadOnlyList<PlannedAction> plan) => plan.Select(p => p.Parents.ToArray()).ToArray();

    private static ProposedAction Move(string vm, string from, string to) =>
        ActionFactory.Migrate(Cluster.FindInstance("uuid-" + vm) ?? Vm(vm, from), Node(from), Node(to), "live");

    private static ProposedAction Resize(string vm) => new(ActionTypes.Resize, new JsonObject { ["resource_id"] = "uuid-" + vm, ["flavor"] = "m1.large" });

    [Fact]
    public void Plan_ResizeOnAHostReceivingMigrations_FollowsTheEarlierAndPrecedesTheLaterMoves()
    {
        var plan = new ConflictPlanner(Cluster).Plan([Move("1", "A", "B"), Resize("r"), Move("2", "A", "B")]);

        Assert.Equal([[], [0], [1]], Graph(plan));
    }

    [Fact]
    public void Plan_ResizeOnAnotherHost_RunsInParallel()
    {
        var plan = new ConflictPlanner(Cluster).Plan([Move("1", "A", "B"), Resize("c")]);

        Assert.Equal([[], []], Graph(plan));
    }

    [Fact]
    public void Plan_NoClusterResizeAfterItsInstanceMoved_IsOrderedOnTheDestination()
    {
        var plan = new ConflictPlanner().Plan([Move("r", "A", "B"), Resize("r"), Move("x", "C", "B"), Move("y", "C", "D")]);

        Assert.Equal([[], [0], [1], []], Graph(plan));
    }

    [Fact]
    public void Verify_ResizePlanFromThePlanner_IsSafe()
    {
        var actions = new List<ProposedAction> { Move("1", "A", "B"), Resize("r"), Move("2", "A", "B") };

        Assert.Empty(PlanVerifier.Verify(Cluster, actions));
    }
}
