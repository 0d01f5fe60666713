using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.Domain.Execution;
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
    [InlineData(ActionState.Skipped, "action_skipped")]
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

    [Fact]
    public async Task FinishPlan_RetriedAfterUserRollbackStarted_NoFailureJournalledOnceAndRollbackKeepsItsLeases()
    {
        // Found by the crash test: FinishPlan saved SUCCEEDED, the host died before it journalled, the user started a
        // rollback at once, and the retried FinishPlan failed on ROLLING_BACK -> SUCCEEDED, failing the orchestration.
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        var plan = new ActionPlan
        {
            Uuid = "p", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.RollingBack,
            Actions =
            [
                new WatcherAction
                {
                    Uuid = "x", ActionPlanUuid = "p", ActionType = "change_nova_service_state", State = ActionState.Succeeded,
                    InputParameters = new System.Text.Json.Nodes.JsonObject { ["resource_id"] = "h-uuid", ["resource_name"] = "h", ["state"] = "disabled" },
                },
            ],
        };
        await repository.CreatePlanAsync(plan);
        var leases = services.GetRequiredService<ResourceLeases>();
        Assert.Null(await leases.AcquireAsync(plan, DateTimeOffset.UtcNow));
        var activities = new WatcherActivities(services);
        var finish = new PlanCompletion("p", ActionPlanState.Succeeded, null, null, [], []);

        await activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(finish);
        await activities.RunAsync<FinishPlanActivity, PlanCompletion, ActionPlanState>(finish);

        Assert.Equal(ActionPlanState.RollingBack, (await repository.GetPlanAsync("p")).State);
        Assert.Single(await repository.ReadJournalAsync("p"), e => e.Event == "plan_finished");
        Assert.Equal("p", (await leases.GetAsync("host:h"))!.Holder);
    }

    [Fact]
    public async Task FinishRollback_RetriedAfterANewerRollbackStarted_LeavesTheNewerRollbackRunningWithItsLeases()
    {
        // A FinishRollback of rollback 1, retried after a crash once rollback 2 had already started, used to end rollback
        // 2 early (its reverts still running) and release its leases.
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        var plan = new ActionPlan
        {
            Uuid = "p", AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.RollingBack, RollbackCount = 2,
            Actions =
            [
                new WatcherAction
                {
                    Uuid = "x", ActionPlanUuid = "p", ActionType = "change_nova_service_state", State = ActionState.Succeeded,
                    InputParameters = new System.Text.Json.Nodes.JsonObject { ["resource_id"] = "h-uuid", ["resource_name"] = "h", ["state"] = "disabled" },
                },
            ],
        };
        await repository.CreatePlanAsync(plan);
        var leases = services.GetRequiredService<ResourceLeases>();
        Assert.Null(await leases.AcquireAsync(plan, DateTimeOffset.UtcNow));
        var activities = new WatcherActivities(services);

        await activities.RunAsync<FinishRollbackActivity, RollbackCompletion, ActionPlanState>(new RollbackCompletion("p", [], [], Partial: true) { Number = 1 });

        Assert.Equal(ActionPlanState.RollingBack, (await repository.GetPlanAsync("p")).State);
        Assert.Equal("p", (await leases.GetAsync("host:h"))!.Holder);
        Assert.DoesNotContain(await repository.ReadJournalAsync("p"), e => e.Event == "rollback_finished");
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
