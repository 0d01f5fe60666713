using Watcher.Domain.Lifecycle;

namespace Watcher.Orchestrations.Tests;

/// <summary>The rollback orchestration: undo a finished plan whole or in part.</summary>
public sealed class RollbackOrchestratorTests
{
    [Fact]
    public async Task Run_WholeSucceededPlan_RestoresInitialClusterAndEndsRolledBack()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var initial = await host.PlacementAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync(plan.Uuid)).State);
        Assert.NotEqual(initial, await host.PlacementAsync());

        var outcome = await host.RollbackAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.RolledBack, outcome.State);
        Assert.Equal(initial, await host.PlacementAsync());
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.RolledBack, stored.State);
        Assert.Equal(1, stored.RollbackCount);
        Assert.All(stored.Actions, a => Assert.Equal(ActionState.Reverted, a.State));
    }

    [Fact]
    public async Task Run_OneMigration_RevertsOnlyItAndEndsPartiallyRolledBack()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var plan = await host.RecommendMaintenancePlanAsync(node);
        await host.ExecuteAsync(plan.Uuid);
        var migration = plan.Actions.Last(a => a.ActionType == "migrate");

        var outcome = await host.RollbackAsync(plan.Uuid, [migration.Uuid]);

        Assert.Equal(ActionPlanState.PartiallyRolledBack, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionState.Reverted, stored.FindAction(migration.Uuid)!.State);
        Assert.All(stored.Actions.Where(a => a.Uuid != migration.Uuid), a => Assert.Equal(ActionState.Succeeded, a.State));
        Assert.Equal(1, await host.InstancesOnAsync(node));
    }

    [Fact]
    public async Task Run_PartialWhoseDependentsCoverWholePlan_EndsRolledBack()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var initial = await host.PlacementAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.ExecuteAsync(plan.Uuid);
        var executed = await host.Repository.GetPlanAsync(plan.Uuid);
        var root = executed.Actions.First(a => Domain.Planning.RollbackSelection.Select(executed, [a.Uuid]).Count == executed.Actions.Count);

        var outcome = await host.RollbackAsync(plan.Uuid, [root.Uuid]);

        Assert.Equal(ActionPlanState.RolledBack, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.RolledBack, stored.State);
        Assert.All(stored.Actions, a => Assert.Equal(ActionState.Reverted, a.State));
        Assert.Equal(initial, await host.PlacementAsync());
    }

    [Fact]
    public async Task Run_RevertFails_EndsRollbackFailedAndCountsFailure()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.ExecuteAsync(plan.Uuid);
        await host.Cloud.SetFaultsAsync([new Application.Ports.SimulatorFault { ActionType = "migrate", Occurrence = 1, Times = 0, Phase = "revert", Message = "stuck" }]);

        var outcome = await host.RollbackAsync(plan.Uuid);

        Assert.Equal(ActionPlanState.RollbackFailed, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        Assert.Equal(ActionPlanState.RollbackFailed, stored.State);
        var failed = Assert.Single(stored.Actions, a => a.State == ActionState.RevertFailed);
        Assert.Equal([failed.Uuid], stored.Rollback!.RevertFailed);
        Assert.Contains("stuck", failed.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RevertFails_StatusMessageNamesFailedAndRevertedActions()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var plan = await host.RecommendMaintenancePlanAsync(await host.BusiestNodeAsync());
        await host.ExecuteAsync(plan.Uuid);
        await host.Cloud.SetFaultsAsync([new Application.Ports.SimulatorFault { ActionType = "migrate", Occurrence = 1, Times = 0, Phase = "revert", Message = "stuck" }]);

        await host.RollbackAsync(plan.Uuid);

        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        var failed = Assert.Single(stored.Actions, a => a.State == ActionState.RevertFailed);
        Assert.NotNull(stored.StatusMessage);
        Assert.Contains(failed.Uuid, stored.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("stuck", stored.StatusMessage, StringComparison.Ordinal);
        Assert.All(stored.Rollback!.Reverted, uuid => Assert.Contains(uuid, stored.StatusMessage, StringComparison.Ordinal));
        await host.AssertFinalStatusAsync(TaskNames.RollbackInstanceId(plan.Uuid, 1), plan.Uuid, rollback: true);
    }
}
