using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>A forced rollback after the cluster drifted: it reverts the rest, leaves the drifted action as it is and says so.</summary>
public sealed class ForcedRollbackTests
{
    [Fact]
    public async Task Run_ForcedAfterAnInstanceMoved_SkipsItRevertsTheRestAndEndsPartiallyRolledBack()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var plan = await host.RecommendMaintenancePlanAsync(node);
        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync(plan.Uuid)).State);
        Assert.NotNull((await host.Repository.GetPlanAsync(plan.Uuid)).FinishedAt);
        var moved = plan.Actions.First(a => a.ActionType == "migrate");
        await MoveElsewhereAsync(host, moved, node);

        var started = await host.Rollbacks.StartAsync(plan.Uuid, null, force: true);
        var outcome = (await host.WaitAsync(started.InstanceId)).ReadOutputAs<PlanOutcome>()!;

        Assert.Equal(moved.Uuid, Assert.Single(started.Skipped).ActionUuid);
        Assert.Equal(ActionPlanState.PartiallyRolledBack, outcome.State);
        var stored = await host.Repository.GetPlanAsync(plan.Uuid);
        var skipped = stored.FindAction(moved.Uuid)!;
        Assert.Equal(ActionState.Succeeded, skipped.State);
        Assert.StartsWith(WatcherAction.NotRolledBackPrefix, skipped.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("where the action put it", skipped.StatusMessage, StringComparison.Ordinal);
        Assert.All(stored.Actions.Where(a => a.Uuid != moved.Uuid), a => Assert.Equal(ActionState.Reverted, a.State));
        Assert.Contains($"Skipped 1 (the cluster changed since): migrate {moved.Uuid}", stored.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.PartiallyRolledBack, stored.State);
    }

    /// <summary>Puts the instance <paramref name="action"/> migrated on a third node, as an operator's own migration would.</summary>
    private static async Task MoveElsewhereAsync(OrchestrationHost host, WatcherAction action, string source)
    {
        var cluster = await host.Cloud.GetClusterAsync();
        var instance = cluster.FindInstance(action.InputParameters["resource_id"]!.GetValue<string>())!;
        var destination = action.InputParameters["destination_node"]!.GetValue<string>();
        var state = new ClusterState(cluster);
        var third = cluster.Hosts.First(h => h.Hostname != source && h.Hostname != destination && instance.Demand.FitsIn(state.Free(h)));
        await host.Cloud.ResetAsync(cluster.WithInstance(instance with { HostUuid = third.Uuid }));
    }
}
