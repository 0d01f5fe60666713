using System.Text.Json.Nodes;
using Microsoft.DurableTask.Converters;
using Watcher.Domain.Actions;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>States cross the orchestration boundary as enums, written as Watcher's upper snake-case names.</summary>
public sealed class ContractSerializationTests
{
    public static TheoryData<ActionPlanState> PlanStates => [.. Enum.GetValues<ActionPlanState>()];

    [Theory]
    [MemberData(nameof(PlanStates))]
    public void DataConverter_PlanOutcome_RoundTripsStateAsWatcherName(ActionPlanState state)
    {
        var json = JsonDataConverter.Default.Serialize(new PlanOutcome("p", state, null))!;

        Assert.Equal(StateMachine<ActionPlanState>.Name(state), JsonNode.Parse(json)!["State"]!.GetValue<string>());
        Assert.Equal(state, JsonDataConverter.Default.Deserialize<PlanOutcome>(json)!.State);
    }

    [Fact]
    public void DataConverter_PlanGraph_RoundTripsActionStates()
    {
        var graph = new PlanGraph("p", [new PlanGraphNode("a", "migrate", [], ActionState.RevertFailed), new PlanGraphNode("b", "nop", ["a"], ActionState.Pending)], false);

        var json = JsonDataConverter.Default.Serialize(graph)!;

        Assert.Contains("\"REVERT_FAILED\"", json, StringComparison.Ordinal);
        Assert.Equal([ActionState.RevertFailed, ActionState.Pending], JsonDataConverter.Default.Deserialize<PlanGraph>(json)!.Actions.Select(a => a.State));
    }

    [Fact]
    public void DataConverter_RevertPlan_RoundTripsStepsFootprintsAndPolicy()
    {
        var plan = new RevertPlan(
            [new RevertStep("a", "migrate", ActionFootprint.Migration("vm", "h1", "h2"), ["b"])],
            [new RevertNote("c", "kept")],
            new ExecutionPolicy { Compensation = CompensationPolicy.Branch, MaxConcurrentMigrationsPerHost = 2, Window = new MaintenanceWindow { Cron = "0 2 * * *", DurationSeconds = 3600 } });

        var json = JsonDataConverter.Default.Serialize(plan)!;
        var back = JsonDataConverter.Default.Deserialize<RevertPlan>(json)!;

        Assert.Contains("\"branch\"", json, StringComparison.Ordinal);
        Assert.Equal(plan.Steps.Single() with { After = [] }, back.Steps.Single() with { After = [] });
        Assert.Equal(["b"], back.Steps.Single().After);
        Assert.Equal(plan.Kept, back.Kept);
        Assert.Equal(plan.Policy, back.Policy);
    }
}
