using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Tests;

/// <summary>A PENDING plan whose execution was never scheduled, or ended without running it, can be started again.</summary>
public sealed class StuckPlanTests
{
    [Fact]
    public async Task Start_PendingPlanNeverScheduled_SchedulesAndRunsIt()
    {
        // The process died between saving PENDING and scheduling the execution.
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var plan = await host.RecommendMaintenancePlanAsync(node);
        await host.Repository.UpdatePlanAsync(plan.Uuid, p => p.Approve(DateTimeOffset.UtcNow));

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
        Assert.Equal(0, await host.InstancesOnAsync(node));
    }

    [Fact]
    public async Task Start_PendingPlanWhoseExecutionEnded_ReplacesTheEndedInstance()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        var id = TaskNames.PlanInstanceId(plan.Uuid);

        // An execution instance under the plan's id that ended without running the plan (terminated before it began).
        await host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator", new StartOrchestrationOptions(id));
        await host.Client.WaitForInstanceCompletionAsync(id);
        await host.Repository.UpdatePlanAsync(plan.Uuid, p => p.Approve(DateTimeOffset.UtcNow));
        Assert.False(await new DurableWorkflowEngine(host.Client).IsPlanRunningAsync(plan.Uuid));

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
        Assert.Equal(ActionPlanState.Succeeded, (await host.Repository.GetPlanAsync(plan.Uuid)).State);
    }
}
