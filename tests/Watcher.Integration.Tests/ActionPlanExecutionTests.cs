using System.Net;

namespace Watcher.Integration.Tests;

/// <summary>Plans run as Durable orchestrations on Azurite: success, compensation at every failure point, rollback, cancel.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ActionPlanExecutionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_HostMaintenancePlan_SucceedsAndEvacuatesNode()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var plan = await Scenario.MaintenancePlanAsync(client, node);

        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
        Assert.Equal(0, await Scenario.InstancesOnAsync(client, node));
        var rows = (await client.GetAsync("/v1/data_model?data_model_type=compute"))["context"]!.AsArray();
        var nodeRow = rows.First(r => r!["node_hostname"]!.GetValue<string>() == node)!;
        Assert.Equal("disabled", nodeRow["node_status"]!.GetValue<string>());
        Assert.Equal("watcher_maintaining", nodeRow["node_disabled_reason"]!.GetValue<string>());
        Assert.All(await client.ActionsAsync(plan), a => Assert.Equal("SUCCEEDED", a!["state"]!.GetValue<string>()));
        // The plan's state is written by its last activity; the orchestration completes a moment later (its next replay).
        Assert.Equal("Completed", await client.WaitForOrchestrationEndAsync($"actionplan-{plan}"));
        var status = await client.GetAsync($"/v1/action_plans/{plan}/orchestration");
        Assert.Equal("Completed", status["orchestrations"]![0]!["runtime_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_SucceededPlan_RestoresExactInitialCluster()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var before = await client.SnapshotAsync();
        var plan = await Scenario.MaintenancePlanAsync(client, await Scenario.BusiestNodeAsync(client));
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);
        await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED");
        Assert.NotEqual(before, await client.SnapshotAsync());

        await client.PostAsync($"/v1/action_plans/{plan}/rollback", string.Empty, HttpStatusCode.Accepted);

        Assert.Equal("ROLLED_BACK", await client.WaitForPlanAsync(plan, "ROLLED_BACK", "ROLLBACK_FAILED", "PARTIALLY_ROLLED_BACK"));
        Assert.Equal(before, await client.SnapshotAsync());
        Assert.All(await client.ActionsAsync(plan), a => Assert.Equal("REVERTED", a!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Start_FaultAtEachActionPosition_FailsAndCompensatesToInitialState()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var initial = await client.SnapshotAsync();
        var probe = await Scenario.MaintenancePlanAsync(client, node);
        var count = (await client.ActionsAsync(probe)).Count;
        Assert.True(count >= 3, $"The scenario needs a plan of several actions, got {count}.");

        for (var position = 1; position <= count; position++)
        {
            await client.PostAsync("/v1/simulator/reset", string.Empty, HttpStatusCode.OK);
            await client.SetFaultsAsync($$"""[{"action_type": "*", "occurrence": {{position}}, "times": 0, "message": "disk on fire"}]""");
            var plan = await Scenario.MaintenancePlanAsync(client, node);

            await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

            Assert.Equal("FAILED", await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
            Assert.Equal(initial, await client.SnapshotAsync());
            var detail = await client.GetAsync($"/v1/action_plans/{plan}");
            Assert.Equal("compensated", detail["compensation"]!["outcome"]!.GetValue<string>());
            Assert.Contains("disk on fire", detail["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
            var states = (await client.ActionsAsync(plan)).Select(a => a!["state"]!.GetValue<string>()).ToList();
            Assert.Equal(1, states.Count(s => s == "FAILED"));
            Assert.All(states, s => Assert.Contains(s, new[] { "FAILED", "REVERTED", "CANCELLED" }));
            // Everything that ran before the failure was undone (a parallel sibling may also have run and been undone).
            Assert.True(states.Count(s => s == "REVERTED") >= position - 1, $"fault at {position}: {string.Join(",", states)}");
        }
    }

    [Fact]
    public async Task Start_TransientFault_IsRetriedAndPlanSucceeds()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        await client.SetFaultsAsync("""[{"action_type": "migrate", "occurrence": 1, "times": 2}]""");
        var plan = await Scenario.MaintenancePlanAsync(client, await Scenario.BusiestNodeAsync(client));

        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
    }

    [Fact]
    public async Task Rollback_OneMigration_RevertsOnlyItAndEndsPartiallyRolledBack()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var plan = await Scenario.MaintenancePlanAsync(client, node);
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);
        await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED");
        var migration = (await client.ActionsAsync(plan)).Last(a => a!["action_type"]!.GetValue<string>() == "migrate")!;

        await client.PostAsync($"/v1/action_plans/{plan}/rollback", $$"""{"actions": ["{{migration["uuid"]}}"]}""", HttpStatusCode.Accepted);

        Assert.Equal("PARTIALLY_ROLLED_BACK", await client.WaitForPlanAsync(plan, "PARTIALLY_ROLLED_BACK", "ROLLED_BACK", "ROLLBACK_FAILED"));
        var states = (await client.ActionsAsync(plan)).ToDictionary(a => a!["uuid"]!.GetValue<string>(), a => a!["state"]!.GetValue<string>());
        Assert.Equal("REVERTED", states[migration["uuid"]!.GetValue<string>()]);
        Assert.Equal(states.Count - 1, states.Values.Count(s => s == "SUCCEEDED"));
        Assert.Equal(1, await Scenario.InstancesOnAsync(client, node));
    }

    [Fact]
    public async Task Cancel_RunningPlan_EndsCancelledWithUnstartedActionsCancelled()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString) { OperationDelayMs = 1500 });
        var client = host.Client;
        var plan = await Scenario.MaintenancePlanAsync(client, await Scenario.BusiestNodeAsync(client));
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);
        await client.WaitForPlanAsync(plan, "ONGOING");

        await client.PostAsync($"/v1/action_plans/{plan}/cancel", "{}", HttpStatusCode.OK);

        Assert.Equal("CANCELLED", await client.WaitForPlanAsync(plan, "CANCELLED", "SUCCEEDED", "FAILED"));
        var states = (await client.ActionsAsync(plan)).Select(a => a!["state"]!.GetValue<string>()).ToList();
        Assert.Contains("CANCELLED", states);
        Assert.DoesNotContain("PENDING", states);
        Assert.DoesNotContain("ONGOING", states);
    }
}
