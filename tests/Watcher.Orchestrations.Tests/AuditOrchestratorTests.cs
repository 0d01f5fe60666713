using Microsoft.DurableTask.Client;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>The audit orchestration: collect, plan, finish the audit, and start the plan when the audit auto-triggers.</summary>
public sealed class AuditOrchestratorTests
{
    [Fact]
    public async Task Run_OneshotMaintenanceAudit_StoresRecommendedPlanAndAuditSucceeds()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var audit = await host.CreateMaintenanceAuditAsync(node);

        var summary = (await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1))).ReadOutputAs<PlanSummary>()!;

        Assert.Equal(ActionPlanState.Recommended, summary.State);
        var plan = await host.Repository.GetPlanAsync(summary.PlanUuid);
        Assert.Equal(ActionPlanState.Recommended, plan.State);
        Assert.Equal(audit.Uuid, plan.AuditUuid);
        Assert.Equal(summary.ActionCount, plan.Actions.Count);
        Assert.True(plan.Actions.Count >= 3, $"Evacuating {node} should take several actions, got {plan.Actions.Count}.");
        Assert.All(plan.Actions, a => Assert.Equal(ActionState.Pending, a.State));
        Assert.Equal(AuditState.Succeeded, (await host.Repository.GetAuditAsync(audit.Uuid)).State);
    }

    [Fact]
    public async Task Run_AutoTriggerAudit_ExecutesPlanAsSubOrchestration()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var audit = await host.CreateMaintenanceAuditAsync(node, autoTrigger: true);

        var summary = (await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1))).ReadOutputAs<PlanSummary>()!;

        Assert.Equal(ActionPlanState.Pending, summary.State);
        var outcome = (await host.WaitAsync(TaskNames.PlanInstanceId(summary.PlanUuid))).ReadOutputAs<PlanOutcome>()!;
        Assert.Equal(ActionPlanState.Succeeded, outcome.State);
        Assert.Equal(0, await host.InstancesOnAsync(node));
    }

    [Fact]
    public async Task Run_StrategyRejectsInput_AuditFailsWithReasonAndNoPlan()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var audit = await host.CreateMaintenanceAuditAsync("no-such-node");

        var metadata = await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1));

        Assert.Null(metadata.ReadOutputAs<PlanSummary>());
        var stored = await host.Repository.GetAuditAsync(audit.Uuid);
        Assert.Equal(AuditState.Failed, stored.State);
        Assert.False(string.IsNullOrEmpty(stored.StatusMessage));
        Assert.Empty(await host.Repository.ListPlansAsync());
    }
}
