using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Activities;
using Watcher.Orchestrations.Activities.Execution;
using Watcher.Orchestrations.Activities.Rollback;
using Watcher.Orchestrations.Contracts;
using Watcher.Simulator;

namespace Watcher.Orchestrations.Tests;

/// <summary>
/// Found by the crash test: a host killed after an activity saved an action's new state but before it journalled it
/// lost the journal line, because the retried activity saw the state already saved and returned at once. The retry
/// now repairs the journal, once.
/// </summary>
public sealed class JournalRepairTests
{
    [Theory]
    [InlineData(ActionState.Reverted, "action_reverted")]
    [InlineData(ActionState.Succeeded, "action_succeeded")]
    [InlineData(ActionState.Ongoing, "action_started")]
    public async Task Retry_AfterCrashBetweenSavingStateAndJournalling_JournalsTheEventOnce(ActionState saved, string journalled)
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = "p", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.Ongoing,
            Actions = [new WatcherAction { Uuid = "x", ActionPlanUuid = "p", ActionType = "nop", State = saved }],
        });
        var activities = new WatcherActivities(services);

        for (var retry = 0; retry < 2; retry++)
        {
            _ = saved == ActionState.Reverted
                ? await activities.RunAsync<RevertActionActivity, ActionRefInput, ActionState>(new ActionRefInput("p", "x"))
                : await activities.RunAsync<ExecuteActionActivity, ExecuteActionInput, ActionState>(new ExecuteActionInput("p", "x", 1) with { Step = ActionStep.Start });
        }

        Assert.Single(await repository.ReadJournalAsync("p"), e => e.Event == journalled && e.ActionUuid == "x");
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<IDocumentStore, InMemoryDocumentStore>()
            .AddSingleton(new SimulatorOptions { Hosts = 2, Instances = 2, Seed = 1 })
            .AddWatcherApplication();
        services.AddCloud<SimulatedCloud>(SimulatedCloud.CloudName);
        services.AddMetricsSource<SimulatedMetrics>(SimulatedCloud.CloudName);
        return services.BuildServiceProvider();
    }
}
