using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Simulator;

namespace Watcher.Application.Tests;

/// <summary>
/// An action type added from outside the domain (<see cref="SuspendDefinition"/>, one <c>AddAction</c> call) is
/// known to the catalogue, ordered by the planners from its weight and footprint, checked by the verifier from its
/// effect, and executed and reverted by the simulator from its definition.
/// </summary>
public sealed class AddedActionTests
{
    private static ServiceProvider Services() => ComposedServices.Build(s => s.AddAction<SuspendDefinition>());

    private static ProposedAction Suspend(string instance) => new(SuspendDefinition.Type, new JsonObject { ["resource_id"] = instance });

    private static async Task<ClusterModel> ClusterAsync(ServiceProvider services) => await services.GetRequiredService<ICloud>().GetClusterAsync();

    [Fact]
    public void AddAction_TestDefinition_JoinsTheCatalogue()
    {
        using var services = Services();

        var catalog = services.GetRequiredService<ActionCatalog>();

        Assert.Contains(SuspendDefinition.Type, catalog.Types);
        Assert.DoesNotContain(SuspendDefinition.Type, ActionCatalog.Default.Types);
    }

    [Fact]
    public async Task WeightPlanner_AddedAction_UsesItsWeightAndParallelization()
    {
        using var services = Services();
        var cluster = await ClusterAsync(services);
        var ids = cluster.Instances.Take(4).Select(i => i.Uuid).ToList();
        var nop = new ProposedAction(ActionTypes.Nop, new JsonObject { ["message"] = "first" });

        var plan = services.GetRequiredService<PlannerRegistry>().Get("weight").Plan([.. ids.Select(Suspend), nop]);

        // nop weighs 70 and runs first; the suspends (33) follow in chunks of 3: three after the nop, the fourth after those three.
        Assert.Equal(ActionTypes.Nop, plan[0].Action.ActionType);
        Assert.All(plan.Skip(1).Take(3), p => Assert.Equal([0], p.Parents));
        Assert.Equal([1, 2, 3], plan[4].Parents);
    }

    [Fact]
    public async Task ConflictPlanner_AddedAction_OrdersOnlyAgainstTheSameInstance()
    {
        using var services = Services();
        var cluster = await ClusterAsync(services);
        var first = cluster.Instances[0];
        var second = cluster.Instances[1];
        var stop = new ProposedAction(ActionTypes.Stop, new JsonObject { ["resource_id"] = first.Uuid });

        var plan = services.GetRequiredService<PlannerRegistry>().Get("conflict").Plan([Suspend(first.Uuid), Suspend(second.Uuid), stop]);

        Assert.Empty(plan[0].Parents);
        Assert.Empty(plan[1].Parents);
        Assert.Equal([0], plan[2].Parents);
    }

    [Fact]
    public async Task PlanVerifier_AddedActionOnAStoppedInstance_ReportsItsPrecondition()
    {
        using var services = Services();
        var cluster = await ClusterAsync(services);
        var instance = cluster.Instances.First(i => i.State == InstanceState.Active);
        var catalog = services.GetRequiredService<ActionCatalog>();
        var stopThenSuspend = new[] { new ProposedAction(ActionTypes.Stop, new JsonObject { ["resource_id"] = instance.Uuid }), Suspend(instance.Uuid) };

        var problems = PlanVerifier.Verify(cluster, stopThenSuspend, catalog);

        var problem = Assert.Single(problems);
        Assert.Contains("action 2 (suspend", problem, StringComparison.Ordinal);
        Assert.Contains("only an active instance can be suspended", problem, StringComparison.Ordinal);
        Assert.Empty(PlanVerifier.Verify(cluster, [Suspend(instance.Uuid)], catalog));
    }

    [Fact]
    public async Task PlanVerifier_AddedActionWithBadInput_NamesTheSchemaProblem()
    {
        using var services = Services();
        var cluster = await ClusterAsync(services);

        var problems = PlanVerifier.Verify(cluster, [new ProposedAction(SuspendDefinition.Type, new JsonObject { ["resource"] = "x" })], services.GetRequiredService<ActionCatalog>());

        var problem = Assert.Single(problems);
        Assert.Contains("resource_id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionRegistry_AddedActionOnSimulator_ExecutesAndRevertsFromItsDefinition()
    {
        using var services = Services();
        var cloud = services.GetRequiredService<ICloud>();
        var runner = services.GetRequiredService<ActionRegistry>().Get(SuspendDefinition.Type);
        var cluster = await cloud.GetClusterAsync();
        var instance = cluster.Instances.First(i => i.State == InstanceState.Active);
        var action = new WatcherAction { Uuid = "a-1", ActionPlanUuid = "p-1", ActionType = SuspendDefinition.Type, InputParameters = new JsonObject { ["resource_id"] = instance.Uuid } };
        var before = new ActionContext(action, cloud, cluster, CancellationToken.None);
        runner.CheckPrecondition(before);
        var revertData = runner.CaptureRevertData(before);

        await runner.ExecuteAsync(before);
        var after = before with { Cluster = await cloud.GetClusterAsync() };
        runner.CheckPostcondition(after);
        Assert.Equal(SuspendDefinition.Suspended, after.Cluster.FindInstance(instance.Uuid)!.State);
        Assert.Contains((await ((SimulatedCloud)cloud).GetStateAsync()).Executions, e => e.OperationKey == "a-1:execute" && e.Operation == SuspendDefinition.Type);

        await runner.RevertAsync(after, revertData);
        Assert.Equal(InstanceState.Active, (await cloud.GetClusterAsync()).FindInstance(instance.Uuid)!.State);
    }
}
