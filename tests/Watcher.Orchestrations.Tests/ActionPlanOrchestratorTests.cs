using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Watcher.Application.Ports;
using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Tests;

/// <summary>The plan orchestration: run the action graph, compensate on failure, stop on cancel.</summary>
public sealed class ActionPlanOrchestratorTests
{
    [Fact]
    public async Task Cancel_PendingPlanWhoseWorkflowWasNeverScheduled_EndsCancelled()
    {
        // A plan approved (PENDING) whose orchestration never started (a crash between the write and the schedule):
        // nothing will ever answer the cancel event, so the cancel must end the plan itself.
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Repository.UpdatePlanAsync(plan.Uuid, p => p.Approve(DateTimeOffset.UtcNow));

        var cancelled = await host.Plans.CancelAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Cancelled, cancelled.State);
        Assert.All(cancelled.Actions, a => Assert.Equal(ActionState.Cancelled, a.State));
    }

    [Fact]
    public async Task Run_MaintenancePlan_SucceedsAndEvacuatesNode()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var plan = await host.RecommendMaintenancePlanAsync(node);

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.Succeeded, stored.State);
        Assert.All(stored.Actions, a => Assert.Equal(ActionState.Succeeded, a.State));
        Assert.Equal(Enumerable.Range(1, stored.Actions.Count), stored.Actions.Select(a => a.CompletionSequence!.Value).Order());
        Assert.Equal(0, await host.InstancesOnAsync(node));
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Run_FaultAtActionPosition_FailsAndCompensatesToInitialCluster(int position)
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var initial = await host.PlacementAsync();
        var plan = await host.RecommendMaintenancePlanAsync(node);
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = "*", Occurrence = position, Times = 0, Message = "disk on fire" }]);

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Failed, outcome.State);
        Assert.Contains("disk on fire", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(initial, await host.PlacementAsync());
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.Failed, stored.State);
        Assert.Equal("compensated", stored.Compensation?.Outcome);
        var states = OrchestrationHost.States(stored);
        Assert.Single(states, s => s == ActionState.Failed);
        Assert.All(states, s => Assert.Contains(s, new[] { ActionState.Failed, ActionState.Reverted, ActionState.Cancelled }));
        Assert.True(states.Count(s => s == ActionState.Reverted) >= position - 1, string.Join(",", states));
        Assert.Equal(stored.Compensation!.Reverted.Order(), stored.Actions.Where(a => a.State == ActionState.Reverted).Select(a => a.Uuid).Order());
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
    }

    [Fact]
    public async Task Run_TransientFault_IsRetriedAndPlanSucceeds()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = "migrate", Occurrence = 1, Times = 1 }]);

        var outcome = await host.ExecuteAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
    }

    [Fact]
    public async Task Run_CancelWhileRunning_EndsCancelledWithUnstartedActionsCancelled()
    {
        await using var host = await OrchestrationHost.StartAsync(operationDelayMs: 1000);
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Plans.StartAsync(plan.Uuid);
        await host.WaitForPlanAsync(plan.Uuid, p => p.State == ActionPlanState.Ongoing);

        await host.Plans.CancelAsync(plan.Uuid);

        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId(plan.Uuid))).ReadOutputAs<Contracts.PlanOutcome>()!;
        Assert.Equal(ActionPlanState.Cancelled, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.Cancelled, stored.State);
        var states = OrchestrationHost.States(stored);
        Assert.Contains(ActionState.Cancelled, states);
        Assert.DoesNotContain(ActionState.Pending, states);
        Assert.DoesNotContain(ActionState.Ongoing, states);
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
    }

    [Fact]
    public async Task Run_CancelDuringLongSleep_EndsCancelledPromptlyWithSleepCancelled()
    {
        await using var host = await OrchestrationHost.StartAsync();
        await CreateSleepPlanAsync(host, "sleepy", seconds: 60, thenNop: true);
        await host.Plans.StartAsync("sleepy");
        await host.WaitForPlanAsync("sleepy", p => p.Actions[0].State == ActionState.Ongoing);
        var cancelledAt = DateTimeOffset.UtcNow;

        await host.Plans.CancelAsync("sleepy");

        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId("sleepy"))).ReadOutputAs<Contracts.PlanOutcome>()!;
        Assert.InRange(DateTimeOffset.UtcNow - cancelledAt, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal(ActionPlanState.Cancelled, outcome.State);
        var stored = await host.Repository.GetPlanAsync("sleepy");
        Assert.Equal(ActionPlanState.Cancelled, stored.State);
        Assert.Equal([ActionState.Cancelled, ActionState.Cancelled], OrchestrationHost.States(stored));
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("sleepy"), "sleepy");
    }

    [Fact]
    public async Task Run_ShortSleep_TimerFiresAndSleepSucceeds()
    {
        await using var host = await OrchestrationHost.StartAsync();
        await CreateSleepPlanAsync(host, "nap", seconds: 1, thenNop: false);
        var started = DateTimeOffset.UtcNow;

        var outcome = await host.ExecuteAsync("nap");

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1), "the sleep must wait its duration");
        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
        var stored = await host.Repository.GetPlanAsync("nap");
        Assert.Equal([ActionState.Succeeded], OrchestrationHost.States(stored));
        Assert.Equal(1, stored.Actions[0].CompletionSequence);
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("nap"), "nap");
    }

    [Fact]
    public async Task Run_CancelledBeforeStart_EndsCancelledWithoutRunningAnything()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var before = await host.PlacementAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.Repository.UpdatePlanAsync(plan.Uuid, p => p.Approve(DateTimeOffset.UtcNow).RequestCancel(DateTimeOffset.UtcNow));

        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            Orchestrators.ActionPlanOrchestrator.Name, new Contracts.PlanRunInput(plan.Uuid), new StartOrchestrationOptions(TaskNames.PlanInstanceId(plan.Uuid)));
        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId(plan.Uuid))).ReadOutputAs<Contracts.PlanOutcome>()!;

        Assert.Equal(ActionPlanState.Cancelled, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.Cancelled, stored.State);
        Assert.All(stored.Actions, a => Assert.Equal(ActionState.Cancelled, a.State));
        Assert.Equal(before, await host.PlacementAsync());
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), plan.Uuid);
    }

    [Fact]
    public async Task Run_PlanNotApproved_FailsAtOnceWithoutRetryingTheIllegalTransition()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrators.ActionPlanOrchestrator.Name, new Contracts.PlanRunInput(plan.Uuid));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, metadata.RuntimeStatus);
        Assert.Contains("RECOMMENDED", metadata.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        // Bookkeeping retries back off 1+2+3+4 s; an illegal transition must not be retried.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(ActionPlanState.Recommended, (await host.Repository.GetPlanAsync(plan.Uuid)).State);
    }

    /// <summary>Stores a RECOMMENDED plan whose first action ("zz") sleeps <paramref name="seconds"/>, optionally followed by a dependent nop ("after").</summary>
    private static Task CreateSleepPlanAsync(OrchestrationHost host, string uuid, int seconds, bool thenNop)
    {
        List<Domain.Model.WatcherAction> actions =
        [
            new() { Uuid = "zz", ActionPlanUuid = uuid, ActionType = "sleep", InputParameters = new System.Text.Json.Nodes.JsonObject { ["duration"] = seconds } },
        ];
        if (thenNop)
        {
            actions.Add(new() { Uuid = "after", ActionPlanUuid = uuid, ActionType = "nop", Parents = ["zz"] });
        }

        return host.Repository.CreatePlanAsync(new Domain.Model.ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a1",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Recommended,
            Actions = actions,
        });
    }
}
