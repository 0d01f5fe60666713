using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Watcher.Domain.Execution;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>Plans that touch the same host never run at once: the later one waits for the earlier one's leases.</summary>
public sealed class LeaseGateTests
{
    [Fact]
    public async Task Run_TwoMaintenancePlansForSameNodeScheduledAtOnce_SecondWaitsAndFirstPlansWorkStays()
    {
        await using var host = await OrchestrationHost.StartAsync(operationDelayMs: 150);
        var node = await host.BusiestNodeAsync();
        var a = await host.RecommendMaintenancePlanAsync(node);
        var b = await host.RecommendMaintenancePlanAsync(node);
        var engine = new DurableWorkflowEngine(host.Client);

        // As auto_trigger (or two racing starts) does: both PENDING and scheduled, with no HTTP check in between.
        foreach (var plan in new[] { a, b })
        {
            await host.Repository.UpdatePlanAsync(plan.Uuid, p => p.Approve(DateTimeOffset.UtcNow));
            await engine.StartPlanAsync(plan.Uuid);
        }

        var waiting = await WaitForWaitingStatusAsync(host, a.Uuid, b.Uuid);
        var (earlier, later) = waiting.Plan == b.Uuid ? (a.Uuid, b.Uuid) : (b.Uuid, a.Uuid);
        Assert.StartsWith($"waiting for action plan {earlier} (", waiting.Status.Message, StringComparison.Ordinal);
        Assert.Contains($"host {node}", waiting.Status.Message, StringComparison.Ordinal);
        await host.WaitAsync(TaskNames.PlanInstanceId(a.Uuid));
        await host.WaitAsync(TaskNames.PlanInstanceId(b.Uuid));

        var first = await host.Repository.ReadJournalAsync(earlier);
        var second = await host.Repository.ReadJournalAsync(later);
        Assert.True(
            second.Single(e => e.Event == "plan_started").At >= first.Single(e => e.Event == "plan_finished").At,
            "The later plan started before the earlier one finished.");
        Assert.Contains(second, e => e.Event == "waiting_for_plan" && e.Detail!.Contains(earlier, StringComparison.Ordinal));
        Assert.Equal(ActionPlanState.Succeeded, (await host.Repository.GetPlanAsync(earlier)).State);

        // The later plan, computed before the node was drained, changed nothing the earlier plan did.
        Assert.Equal(0, await host.InstancesOnAsync(node));
        var cluster = await host.Cloud.GetClusterAsync();
        Assert.Equal(Domain.Cluster.ServiceStatus.Disabled, cluster.FindNode(node)!.Status);
        Assert.All(await host.Repository.Store.ListAsync<ResourceLease>(ResourceLeases.Collection), l => Assert.Null(l.Value.Holder));
    }

    [Fact]
    public async Task Rollback_WhileAnotherPlanRunsOnSameNode_WaitsUntilThatPlanFinished()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var node = await host.BusiestNodeAsync();
        var drained = await host.RecommendMaintenancePlanAsync(node);
        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync(drained.Uuid)).State);
        var uuid = (await host.Cloud.GetClusterAsync()).FindNode(node)!.Uuid;
        var other = new ActionPlan
        {
            Uuid = "other", AuditUuid = "a", StrategyUuid = "s", StrategyName = "manual", State = ActionPlanState.Recommended,
            Actions =
            [
                new WatcherAction { Uuid = "other-sleep", ActionPlanUuid = "other", ActionType = "sleep", InputParameters = new JsonObject { ["duration"] = 2 } },
                new WatcherAction
                {
                    Uuid = "other-disable", ActionPlanUuid = "other", ActionType = "change_nova_service_state", Parents = ["other-sleep"],
                    InputParameters = new JsonObject { ["resource_id"] = uuid, ["resource_name"] = node, ["state"] = "disabled", ["disabled_reason"] = "other" },
                },
            ],
        };
        await host.Repository.CreatePlanAsync(other);
        await host.Plans.StartAsync(other.Uuid);

        var (_, rollback) = await host.Rollbacks.RollbackAsync(drained.Uuid, null);
        await host.WaitAsync(TaskNames.PlanInstanceId(other.Uuid));
        await host.WaitAsync(rollback);

        var otherJournal = await host.Repository.ReadJournalAsync(other.Uuid);
        var rollbackJournal = await host.Repository.ReadJournalAsync(drained.Uuid);
        Assert.True(rollbackJournal.Any(e => e.Event == "waiting_for_plan" && e.Detail == $"action plan other (host {uuid}, host {node})"),
            string.Join("\n", rollbackJournal.Concat(otherJournal).Select(e => $"{e.At:HH:mm:ss.fff} {e.Event} {e.ActionUuid} {e.Detail}")));
        Assert.True(
            rollbackJournal.Single(e => e.Event == "rollback_started").At >= otherJournal.Single(e => e.Event == "plan_finished").At,
            "The rollback started reverting before the other plan on its node finished.");
        Assert.Equal(ActionPlanState.RolledBack, (await host.Repository.GetPlanAsync(drained.Uuid)).State);
    }

    private static async Task<(string Plan, LeaseWaitStatus Status)> WaitForWaitingStatusAsync(OrchestrationHost host, params string[] plans)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            foreach (var plan in plans)
            {
                var meta = await host.Client.GetInstanceAsync(TaskNames.PlanInstanceId(plan), getInputsAndOutputs: true, cts.Token);
                if (meta?.SerializedCustomStatus is { } json && json.Contains("\"waiting\"", StringComparison.Ordinal))
                {
                    return (plan, meta.ReadCustomStatusAs<LeaseWaitStatus>()!);
                }
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
