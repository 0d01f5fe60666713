using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>The runner the Functions triggers delegate to: builds the activity from the container and runs it.</summary>
public sealed class WatcherActivitiesTests
{
    [Fact]
    public async Task RunAsync_BeginPlan_InjectsDependenciesAndMovesPlanOngoing()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IDocumentStore, InMemoryDocumentStore>()
            .AddSingleton<WatcherRepository>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Domain.Actions.ActionCatalog.Default)
            .Configure<Application.ExecutionOptions>(o => o.DefaultTimeoutSeconds = 42)
            .BuildServiceProvider();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = "p1",
            AuditUuid = "a1",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Pending,
            Actions = [new WatcherAction { Uuid = "x1", ActionPlanUuid = "p1", ActionType = "nop" }],
        });

        var graph = await new WatcherActivities(services).RunAsync<BeginPlanActivity, string, PlanGraph>("p1");

        Assert.False(graph.Cancelled);
        var node = Assert.Single(graph.Actions);
        Assert.Equal(ActionState.Pending, node.State);
        Assert.Equal(42, node.TimeoutSeconds);
        Assert.Equal(ActionPlanState.Ongoing, (await repository.GetPlanAsync("p1")).State);
    }
}
