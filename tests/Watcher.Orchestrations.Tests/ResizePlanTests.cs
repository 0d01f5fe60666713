using System.Text.Json.Nodes;
using Watcher.Application.Requests;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Orchestrations.Tests;

/// <summary>A resize plan runs on the simulator through the Durable engine, and rollback restores the recorded flavor.</summary>
public sealed class ResizePlanTests
{
    [Fact]
    public async Task ExecuteThenRollback_ResizePlan_GrowsTheInstanceThenRestoresItsFlavor()
    {
        await using var host = await OrchestrationHost.StartAsync();
        var before = await host.Cloud.GetClusterAsync();
        var state = new ClusterState(before);
        var vm = before.Instances.First(i => i.Flavor == "m1.small" && i.State == InstanceState.Active
            && new Resources(3, 6144, 60).FitsIn(state.Free(before.FindNode(i.HostUuid)!)));
        var audit = await host.Audits.CreateAsync(new AuditRequest
        {
            Goal = "unclassified",
            Strategy = "actuator",
            Parameters = new JsonObject
            {
                ["actions"] = new JsonArray(new JsonObject
                {
                    ["action_type"] = "resize",
                    ["input_parameters"] = new JsonObject { ["resource_id"] = vm.Uuid, ["flavor"] = "m1.large" },
                }),
            },
        });
        var summary = (await host.WaitAsync(TaskNames.AuditInstanceId(audit.Uuid, 1))).ReadOutputAs<PlanSummary>()!;

        Assert.Equal(ActionPlanState.Succeeded, (await host.ExecuteAsync(summary.PlanUuid)).State);
        var resized = (await host.Cloud.GetClusterAsync()).FindInstance(vm.Uuid)!;
        Assert.Equal(("m1.large", 4, vm.HostUuid), (resized.Flavor, resized.VCpus, resized.HostUuid));

        var outcome = await host.RollbackAsync(summary.PlanUuid);

        Assert.Equal(ActionPlanState.RolledBack, outcome.State);
        var restored = (await host.Cloud.GetClusterAsync()).FindInstance(vm.Uuid)!;
        Assert.Equal((vm.Flavor, vm.VCpus, vm.MemoryMb, vm.DiskGb), (restored.Flavor, restored.VCpus, restored.MemoryMb, restored.DiskGb));
    }
}
