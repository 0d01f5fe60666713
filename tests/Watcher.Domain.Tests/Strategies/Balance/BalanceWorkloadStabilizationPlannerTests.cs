using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using static Watcher.Domain.Tests.Strategies.Balance.BalanceScenario;

namespace Watcher.Domain.Tests.Strategies.Balance;

/// <summary>Watcher's workload_stabilization planner: weight order, resource-linked parents.</summary>
public sealed class BalanceWorkloadStabilizationPlannerTests
{
    private static readonly WorkloadStabilizationPlanner Planner = new();

    private static ProposedAction Migrate(string instance, string from, string to) =>
        ActionFactory.Migrate(Vm(instance, from), Host(from), Host(to), "live");

    private static ProposedAction Resize(string instance) =>
        new(ActionTypes.Resize, new JsonObject { ["resource_id"] = "uuid-" + instance, ["flavor"] = "x1" });

    private static ProposedAction Acpi(string host) =>
        new(ActionTypes.TurnHostToAcpiS3State, new JsonObject { ["resource_id"] = host });

    [Fact]
    public void Plan_Migrations_KeepOrderAndRunInParallel()
    {
        var plan = Planner.Plan([Migrate("i1", "A", "B"), Migrate("i2", "A", "C"), Migrate("i3", "B", "C")]);

        Assert.Equal(["i1", "i2", "i3"], plan.Select(p => p.Action.InputParameters["resource_name"]!.GetValue<string>()).ToArray());
        Assert.All(plan, p => Assert.Empty(p.Parents));
    }

    [Fact]
    public void Plan_NopAndMigrate_HigherWeightFirst()
    {
        var plan = Planner.Plan([Migrate("i1", "A", "B"), ActionFactory.Nop("hello"), ActionFactory.Sleep(1)]);

        Assert.Equal([ActionTypes.Nop, ActionTypes.Sleep, ActionTypes.Migrate], plan.Select(p => p.Action.ActionType).ToArray());
        Assert.All(plan, p => Assert.Empty(p.Parents));
    }

    [Fact]
    public void Plan_MigrateResizeAcpi_LinksByInstanceAndHost()
    {
        // Watcher's test_schedule_migrate_resize_acpi_s3_actions: the resize waits for i1's migration; suspending A waits
        // for the resize and for i2's migration off A (i1's is already a parent of the resize).
        var plan = Planner.Plan([Migrate("i1", "A", "B"), Resize("i1"), Migrate("i2", "A", "B"), Migrate("i3", "B", "C"), Acpi("A")]);

        Assert.Equal(
            [ActionTypes.Migrate, ActionTypes.Migrate, ActionTypes.Migrate, ActionTypes.Resize, ActionTypes.TurnHostToAcpiS3State],
            plan.Select(p => p.Action.ActionType).ToArray());
        Assert.Equal([[], [], [], [0], [3, 1]], plan.Select(p => p.Parents.ToArray()).ToArray());
    }

    [Fact]
    public void Plan_ActionTypeWithoutWeight_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Planner.Plan([Migrate("i1", "A", "B"), ActionFactory.Stop(Vm("i2", "A"))]));

        Assert.Contains(ActionTypes.Stop, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_CustomWeights_ReorderActions()
    {
        var planner = new WorkloadStabilizationPlanner(new Dictionary<string, int> { [ActionTypes.Migrate] = 3, [ActionTypes.Nop] = 0 });

        var plan = planner.Plan([ActionFactory.Nop("x"), Migrate("i1", "A", "B")]);

        Assert.Equal([ActionTypes.Migrate, ActionTypes.Nop], plan.Select(p => p.Action.ActionType).ToArray());
        Assert.Equal("workload_stabilization", planner.Name);
    }
}
