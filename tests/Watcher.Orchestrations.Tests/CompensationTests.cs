using System.Text.Json.Nodes;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Orchestrations.Contracts;
using Watcher.Testing;

namespace Watcher.Orchestrations.Tests;

/// <summary>Compensation after a failed action and user rollback: parallel reverts within the budget, and what the policy or a failed revert leaves in place.</summary>
public sealed class CompensationTests
{
    private static readonly ClusterModel Cluster = new(
        [TestClusters.Node("h1"), TestClusters.Node("h2"), TestClusters.Node("h3")],
        [TestClusters.Vm("vm1", "h1"), TestClusters.Vm("vm2", "h1"), TestClusters.Vm("vm3", "h1")]);

    [Fact]
    public async Task Run_FailureAfterIndependentMigrations_RevertsThemInParallelAndRestoresCluster()
    {
        var (host, initial) = await StartAsync(operationDelayMs: 600);
        await using var _ = host;
        var maxRunning = await RunFailingPlanAsync(host, ExecutionPolicy.Default);

        Assert.Equal(3, maxRunning);
        Assert.Equal(initial, await host.PlacementAsync());
        var stored = await host.Repository.GetPlanAsync("p");
        Assert.Equal(["m1", "m2", "m3"], stored.Compensation!.Reverted.Order());
        Assert.Equal("compensated", stored.Compensation.Outcome);
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("p"), "p");
    }

    [Fact]
    public async Task Run_MigrationCapOfOne_RevertsOneAtATime()
    {
        var (host, initial) = await StartAsync(operationDelayMs: 300);
        await using var _ = host;
        var maxRunning = await RunFailingPlanAsync(host, new ExecutionPolicy { MaxConcurrentMigrations = 1 });

        Assert.Equal(1, maxRunning);
        Assert.Equal(initial, await host.PlacementAsync());
    }

    [Fact]
    public async Task Run_PolicyNone_LeavesClusterAsItIsAndSaysNothingWasReverted()
    {
        var (host, initial) = await StartAsync(operationDelayMs: 0);
        await using var _ = host;
        await RunFailingPlanAsync(host, new ExecutionPolicy { Compensation = CompensationPolicy.None });

        Assert.NotEqual(initial, await host.PlacementAsync());
        var stored = await host.Repository.GetPlanAsync("p");
        Assert.Equal(ActionPlanState.Failed, stored.State);
        Assert.Equal(3, stored.Actions.Count(a => a.State == ActionState.Succeeded));
        Assert.Equal(["m1", "m2", "m3"], stored.Compensation!.NotReverted.Select(n => n.ActionUuid).Order());
        Assert.Equal("not_compensated", stored.Compensation.Outcome);
        Assert.Empty(stored.Compensation.Reverted);
        Assert.Contains("nothing was reverted", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("policy none", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("disable", stored.StatusMessage, StringComparison.Ordinal);
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("p"), "p");
    }

    [Fact]
    public async Task Run_RevertOfADependentFails_ItsParentStaysAndIsReportedWithWhy()
    {
        var (host, _) = await StartAsync(operationDelayMs: 0);
        await using var __ = host;
        // m1 then m2 (which depends on m1), then a failing service change: m2's revert fails, so m1 must stay.
        await CreatePlanAsync(host, ExecutionPolicy.Default, [Move("m1", "vm1", "h1", "h2"), Move("m2", "vm2", "h1", "h3", "m1"), Disable("disable", "m2")]);
        await host.Cloud.SetFaultsAsync([
            new SimulatorFault { ActionType = ActionTypes.ChangeNovaServiceState, Occurrence = 1, Times = 0, Message = "service down" },
            new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Times = 0, Phase = "revert", Message = "stuck" },
        ]);

        await host.ExecuteAsync("p");

        var stored = await host.Repository.GetPlanAsync("p");
        Assert.Equal(ActionState.RevertFailed, stored.FindAction("m2")!.State);
        Assert.Equal(ActionState.Succeeded, stored.FindAction("m1")!.State);
        Assert.Equal("compensation_incomplete", stored.Compensation!.Outcome);
        var note = Assert.Single(stored.Compensation.NotReverted);
        Assert.Equal("m1", note.ActionUuid);
        Assert.Contains("migrate m2", note.Reason, StringComparison.Ordinal);
        Assert.Contains("Could not revert 1: migrate m2", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("stuck", stored.StatusMessage, StringComparison.Ordinal);
        var journal = await host.Repository.ReadJournalAsync("p");
        Assert.Contains(journal, e => e.Event == "action_not_reverted" && e.ActionUuid == "m1");
        Assert.Contains(journal, e => e.Event == "action_revert_failed" && e.ActionUuid == "m2");
        await host.AssertFinalStatusAsync(TaskNames.PlanInstanceId("p"), "p");
    }

    [Fact]
    public async Task Rollback_RevertOfADependentFails_ItsParentStaysAndIsReported()
    {
        var (host, _) = await StartAsync(operationDelayMs: 0);
        await using var __ = host;
        await CreatePlanAsync(host, ExecutionPolicy.Default, [Move("m1", "vm1", "h1", "h2"), Move("m2", "vm2", "h1", "h3", "m1"), Disable("disable", "m2")]);
        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync("p")).State);
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.Migrate, Occurrence = 1, Times = 0, Phase = "revert", Message = "stuck" }]);

        var outcome = await host.RollbackAsync("p");

        Assert.Equal(ActionPlanState.RollbackFailed, outcome.State);
        var stored = await host.Repository.GetPlanAsync("p");
        Assert.Equal([ActionState.Succeeded, ActionState.RevertFailed, ActionState.Reverted], OrchestrationHost.States(stored));
        Assert.Equal(["m1"], stored.Rollback!.NotReverted.Select(n => n.ActionUuid));
        Assert.Contains("Not reverted 1: migrate m1", stored.StatusMessage, StringComparison.Ordinal);
        await host.AssertFinalStatusAsync(TaskNames.RollbackInstanceId("p", 1), "p", rollback: true);
    }

    [Fact]
    public async Task Rollback_ActionLeftRevertingByACrash_IsResumedAndReverted()
    {
        var (host, initial) = await StartAsync(operationDelayMs: 0);
        await using var _ = host;
        await CreatePlanAsync(host, ExecutionPolicy.Default, [Move("m1", "vm1", "h1", "h2"), Move("m2", "vm2", "h1", "h3", "m1")]);
        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync("p")).State);
        await host.Repository.UpdatePlanAsync("p", p => p.UpdateAction("m2", a => a.BeginRevert(DateTimeOffset.UtcNow)));

        var outcome = await host.RollbackAsync("p");

        Assert.Equal(ActionPlanState.RolledBack, outcome.State);
        Assert.Equal(initial, await host.PlacementAsync());
    }

    private static async Task<(OrchestrationHost Host, string Initial)> StartAsync(int operationDelayMs)
    {
        var host = await OrchestrationHost.StartAsync(operationDelayMs);
        await host.Cloud.ResetAsync(Cluster);
        return (host, await host.PlacementAsync());
    }

    /// <summary>Three independent migrations off h1, then a service change on h1 that depends on them and fails; returns the most reverts seen in flight.</summary>
    private static async Task<int> RunFailingPlanAsync(OrchestrationHost host, ExecutionPolicy policy)
    {
        await CreatePlanAsync(host, policy, [Move("m1", "vm1", "h1", "h2"), Move("m2", "vm2", "h1", "h3"), Move("m3", "vm3", "h1", "h2"), Disable("disable", "m1", "m2", "m3")]);
        await host.Cloud.SetFaultsAsync([new SimulatorFault { ActionType = ActionTypes.ChangeNovaServiceState, Occurrence = 1, Times = 0, Message = "service down" }]);
        await host.Plans.StartAsync("p");
        var maxRunning = 0;
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId("p"), getInputsAndOutputs: true);
            if (metadata?.ReadCustomStatusAs<PlanProgress>() is { Phase: "compensating" } progress)
            {
                maxRunning = Math.Max(maxRunning, progress.Running);
            }

            if (metadata is { IsCompleted: true })
            {
                break;
            }

            await Task.Delay(25);
        }

        Assert.Equal(ActionPlanState.Failed, (await host.WaitAsync(TaskNames.PlanInstanceId("p"))).ReadOutputAs<PlanOutcome>()!.State);
        return maxRunning;
    }

    private static Task CreatePlanAsync(OrchestrationHost host, ExecutionPolicy policy, List<WatcherAction> actions) =>
        host.Repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = "p",
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "manual",
            State = ActionPlanState.Recommended,
            Actions = actions,
            ExecutionPolicy = policy,
        });

    private static WatcherAction Move(string id, string vm, string from, string to, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = ActionTypes.Migrate,
        Parents = parents,
        InputParameters = new JsonObject { ["resource_id"] = "uuid-" + vm, ["migration_type"] = "live", ["source_node"] = from, ["destination_node"] = to },
    };

    private static WatcherAction Disable(string id, params string[] parents) => new()
    {
        Uuid = id,
        ActionPlanUuid = "p",
        ActionType = ActionTypes.ChangeNovaServiceState,
        Parents = parents,
        InputParameters = new JsonObject { ["resource_id"] = "uuid-h1", ["resource_name"] = "h1", ["state"] = "disabled" },
    };
}
