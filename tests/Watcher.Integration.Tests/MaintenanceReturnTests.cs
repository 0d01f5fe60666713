using System.Net;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>Move back after maintenance, end to end on the simulator and the Azurite-backed engine.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MaintenanceReturnTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AutoReturn_NodeReenabledAfterMaintenance_ReturnPlanBringsInstancesBackAndReportsDeletedOne()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString) { ReturnCheckSeconds = 1 });
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var before = await Scenario.InstancesOnAsync(client, node);
        Assert.True(before >= 2, $"The scenario needs a node with several instances, {node} has {before}.");

        // A maintenance audit with auto_trigger and auto_return drains the node.
        var audit = (await client.PostAsync("/v1/audits", $$"""
            {"audit_type": "ONESHOT", "goal": "cluster_maintaining", "strategy": "host_maintenance", "auto_trigger": true,
             "parameters": {"maintenance_node": "{{node}}", "auto_return": true} }
            """, HttpStatusCode.Created))["uuid"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/audits/{audit}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60)));
        var maintenance = (await client.GetAsync($"/v1/action_plans?audit_uuid={audit}"))["action_plans"]!.AsArray().Single()!["uuid"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(maintenance, "SUCCEEDED", "FAILED", "CANCELLED"));
        Assert.Equal(0, await Scenario.InstancesOnAsync(client, node));
        var moved = (await client.ActionsAsync(maintenance))
            .Where(a => a!["action_type"]!.GetValue<string>() == "migrate")
            .Select(a => a!["input_parameters"]!["resource_id"]!.GetValue<string>())
            .ToList();
        Assert.Equal(before, moved.Count);

        // Still in maintenance: no return plan yet.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single((await client.GetAsync($"/v1/action_plans?audit_uuid={audit}"))["action_plans"]!.AsArray());

        // Meanwhile one moved instance is deleted, then the node is enabled again (the simulator's control API).
        var deleted = moved[0];
        var snapshot = JsonNode.Parse(await client.SnapshotAsync())!.AsObject();
        var instances = snapshot["instances"]!.AsArray();
        instances.Remove(instances.Single(i => i!["uuid"]!.GetValue<string>() == deleted));
        var row = snapshot["hosts"]!.AsArray().Single(h => h!["hostname"]!.GetValue<string>() == node)!;
        row["status"] = "enabled";
        row["disabled_reason"] = null;
        await client.PostAsync("/v1/simulator/reset", snapshot.ToJsonString(), HttpStatusCode.OK);

        // The periodic check notices, creates the return plan and (auto_trigger) runs it.
        var returnPlan = await WaitForReturnPlanAsync(client, audit, maintenance, TimeSpan.FromSeconds(60));
        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(returnPlan, "SUCCEEDED", "FAILED", "CANCELLED"));

        Assert.Equal(before - 1, await Scenario.InstancesOnAsync(client, node));
        var detail = await client.GetAsync($"/v1/action_plans/{returnPlan}");
        Assert.Equal(maintenance, detail["return_of"]!.GetValue<string>());
        var warning = Assert.Single(detail["warnings"]!.AsArray())!.GetValue<string>();
        Assert.Contains(deleted, warning, StringComparison.Ordinal);
        Assert.Contains("deleted", warning, StringComparison.Ordinal);
        var actions = await client.ActionsAsync(returnPlan);
        Assert.Equal(before - 1, actions.Count);
        Assert.All(actions, a =>
        {
            Assert.Equal("SUCCEEDED", a!["state"]!.GetValue<string>());
            Assert.Equal(node, a["input_parameters"]!["destination_node"]!.GetValue<string>());
        });

        // One return plan per maintenance plan: asking again names it.
        var (status, body) = await client.SendAsync(HttpMethod.Post, $"/v1/action_plans/{maintenance}/return");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(returnPlan, body!.ToJsonString(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await client.GetAsync($"/v1/action_plans?audit_uuid={audit}"))["action_plans"]!.AsArray().Count);
    }

    [Fact]
    public async Task Return_OnRequestWhileNodeStillDisabled_ReenablesMovesBackAndRollsBackLikeAnyPlan()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var initial = await client.SnapshotAsync();
        var node = await Scenario.BusiestNodeAsync(client);
        var maintenance = await Scenario.MaintenancePlanAsync(client, node);
        await client.PostAsync($"/v1/action_plans/{maintenance}/start", "{}", HttpStatusCode.OK);
        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(maintenance, "SUCCEEDED", "FAILED"));
        var drained = await client.SnapshotAsync();

        var created = await client.PostAsync($"/v1/action_plans/{maintenance}/return", string.Empty, HttpStatusCode.Created);
        var returnPlan = created["uuid"]!.GetValue<string>();
        Assert.Equal("RECOMMENDED", created["state"]!.GetValue<string>());
        Assert.Empty(created["warnings"]!.AsArray());
        await client.PostAsync($"/v1/action_plans/{returnPlan}/start", "{}", HttpStatusCode.OK);
        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(returnPlan, "SUCCEEDED", "FAILED"));

        // Every instance is back and the node is enabled again: the cluster is as it was before the maintenance.
        Assert.Equal(initial, await client.SnapshotAsync());

        await client.PostAsync($"/v1/action_plans/{returnPlan}/rollback", string.Empty, HttpStatusCode.Accepted);
        Assert.Equal("ROLLED_BACK", await client.WaitForPlanAsync(returnPlan, "ROLLED_BACK", "ROLLBACK_FAILED", "PARTIALLY_ROLLED_BACK"));
        Assert.Equal(drained, await client.SnapshotAsync());
    }

    private static async Task<string> WaitForReturnPlanAsync(WatcherTestClient client, string audit, string maintenance, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var plans = (await client.GetAsync($"/v1/action_plans?audit_uuid={audit}"))["action_plans"]!.AsArray();
            if (plans.FirstOrDefault(p => p!["return_of"]?.GetValue<string>() == maintenance) is { } found)
            {
                return found["uuid"]!.GetValue<string>();
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No return plan of {maintenance} after {timeout}.\nHost log:\n{client.LogSource?.Invoke()}");
    }
}
