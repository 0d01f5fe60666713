using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Services;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>
/// Starting plans: two plans on the same host cannot both start, a second start is idempotent, and a stuck PENDING
/// plan (its execution never scheduled or ended) can be started again or deleted.
/// </summary>
public sealed class PlanStartTests
{
    private readonly RecordingWorkflowEngine _engine = new();

    private ServiceProvider Services() => ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(_engine));

    [Fact]
    public async Task Start_SecondMaintenancePlanOnSameHostWhileFirstRuns_ConflictNamingFirstPlanAndHost()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Maintenance("first", "compute-01", "vm-1", "compute-02"));
        await repository.CreatePlanAsync(Maintenance("second", "compute-01", "vm-2", "compute-03"));
        var plans = services.GetRequiredService<ActionPlanService>();
        await plans.StartAsync("first");

        var ex = await Assert.ThrowsAsync<ConflictException>(() => plans.StartAsync("second"));

        Assert.Contains("action plan first", ex.Message, StringComparison.Ordinal);
        Assert.Contains("host compute-01", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("compute-03", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["plan:first"], _engine.Scheduled);
        Assert.Equal(ActionPlanState.Recommended, (await repository.GetPlanAsync("second")).State);
        Assert.Null((await services.GetRequiredService<ResourceLeases>().GetAsync("host:compute-03"))?.Holder);
    }

    [Fact]
    public async Task Start_SecondPlanAfterFirstEnded_LeaseReclaimedAndScheduled()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Maintenance("first", "compute-01", "vm-1", "compute-02"));
        await repository.CreatePlanAsync(Maintenance("second", "compute-01", "vm-2", "compute-03"));
        var plans = services.GetRequiredService<ActionPlanService>();
        await plans.StartAsync("first");

        // The first plan ended without releasing its leases (its host crashed after saving the outcome).
        await repository.UpdatePlanAsync("first", p => p with { State = ActionPlanState.Failed });
        await plans.StartAsync("second");

        Assert.Equal(["plan:first", "plan:second"], _engine.Scheduled);
        Assert.Equal("second", (await services.GetRequiredService<ResourceLeases>().GetAsync("host:compute-01"))!.Holder);
    }

    [Fact]
    public async Task Start_PlansOnDifferentHosts_BothScheduled()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Maintenance("first", "compute-01", "vm-1", "compute-02"));
        await repository.CreatePlanAsync(Maintenance("second", "compute-04", "vm-2", "compute-03"));
        var plans = services.GetRequiredService<ActionPlanService>();

        await plans.StartAsync("first");
        await plans.StartAsync("second");

        Assert.Equal(["plan:first", "plan:second"], _engine.Scheduled);
    }

    [Fact]
    public async Task Start_SecondStartWhileRunning_ReturnsPlanAsItIsAndSchedulesNothing()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Maintenance("p", "compute-01", "vm-1", "compute-02"));
        var plans = services.GetRequiredService<ActionPlanService>();
        await plans.StartAsync("p");

        var again = await plans.StartAsync("p");

        Assert.Equal(ActionPlanState.Pending, again.State);
        Assert.Equal(["plan:p"], _engine.Scheduled);
    }

    [Fact]
    public async Task Start_OngoingPlan_ReturnsPlanAndSchedulesNothing()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Maintenance("p", "compute-01", "vm-1", "compute-02") with { State = ActionPlanState.Ongoing });

        var plan = await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        Assert.Equal(ActionPlanState.Ongoing, plan.State);
        Assert.Empty(_engine.Scheduled);
    }

    [Fact]
    public async Task Start_StuckPendingPlanWhoseExecutionIsNotRunning_ScheduledAgain()
    {
        using var services = Services();
        await services.GetRequiredService<WatcherRepository>().CreatePlanAsync(Maintenance("p", "compute-01", "vm-1", "compute-02") with { State = ActionPlanState.Pending });
        _engine.PlanRunning = false;

        var plan = await services.GetRequiredService<ActionPlanService>().StartAsync("p");

        Assert.Equal(ActionPlanState.Pending, plan.State);
        Assert.Equal(["plan:p"], _engine.Scheduled);
        Assert.Equal("p", (await services.GetRequiredService<ResourceLeases>().GetAsync("instance:vm-1"))!.Holder);
    }

    [Fact]
    public async Task Delete_StuckPendingPlan_Deleted()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Maintenance("p", "compute-01", "vm-1", "compute-02") with { State = ActionPlanState.Pending });
        _engine.PlanRunning = false;

        await services.GetRequiredService<ActionPlanService>().DeleteAsync("p");

        await Assert.ThrowsAsync<NotFoundException>(() => repository.GetPlanAsync("p"));
    }

    [Fact]
    public async Task Delete_PendingPlanWhoseExecutionIsScheduled_ConflictSaysCancelFirst()
    {
        using var services = Services();
        var repository = services.GetRequiredService<WatcherRepository>();
        await repository.CreatePlanAsync(Maintenance("p", "compute-01", "vm-1", "compute-02") with { State = ActionPlanState.Pending });

        var ex = await Assert.ThrowsAsync<ConflictException>(() => services.GetRequiredService<ActionPlanService>().DeleteAsync("p"));

        Assert.Contains("cancel it first", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.Pending, (await repository.GetPlanAsync("p")).State);
    }

    /// <summary>A host_maintenance-shaped plan: disable <paramref name="node"/>, then migrate one instance off it.</summary>
    private static ActionPlan Maintenance(string uuid, string node, string instance, string destination) => new()
    {
        Uuid = uuid,
        AuditUuid = "a",
        StrategyUuid = "s",
        StrategyName = "host_maintenance",
        State = ActionPlanState.Recommended,
        Actions =
        [
            new WatcherAction
            {
                Uuid = uuid + "-disable", ActionPlanUuid = uuid, ActionType = "change_nova_service_state",
                InputParameters = new JsonObject { ["resource_id"] = node + "-uuid", ["resource_name"] = node, ["state"] = "disabled", ["disabled_reason"] = "watcher_maintaining" },
            },
            new WatcherAction
            {
                Uuid = uuid + "-migrate", ActionPlanUuid = uuid, ActionType = "migrate", Parents = [uuid + "-disable"],
                InputParameters = new JsonObject { ["resource_id"] = instance, ["migration_type"] = "live", ["source_node"] = node, ["destination_node"] = destination },
            },
        ],
    };
}
