using System.Net;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>
/// Safe rollback through the running host on Azurite: after a maintenance plan, an operator moves one of the migrated
/// instances elsewhere; the preview shows the drift, the rollback is refused with a 409 naming it, and a forced
/// rollback reverts the rest and ends PARTIALLY_ROLLED_BACK saying what it skipped.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RollbackDriftTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Rollback_InstanceMovedSinceThePlanRan_PreviewShowsDrift409ThenForcedEndsPartiallyRolledBack()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var plan = await Scenario.MaintenancePlanAsync(client, node);
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);
        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
        var moved = (await client.ActionsAsync(plan)).First(a => a!["action_type"]!.GetValue<string>() == "migrate")!;
        var movedUuid = moved["uuid"]!.GetValue<string>();
        var third = await MoveElsewhereAsync(client, moved["input_parameters"]!, node);

        var preview = await client.PostAsync($"/v1/action_plans/{plan}/rollback", """{"dry_run": true}""", HttpStatusCode.OK);
        Assert.False(preview["allowed"]!.GetValue<bool>());
        var drift = Assert.Single(preview["drift"]!.AsArray())!;
        Assert.Equal(movedUuid, drift["uuid"]!.GetValue<string>());
        Assert.Contains($"is on {third}", drift["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", (await client.GetAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>());

        var (status, refused) = await client.SendAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/rollback", "{}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains($"migrate {movedUuid}: Instance", refused!.ToJsonString(), StringComparison.Ordinal);

        await client.PostAsync($"/v1/action_plans/{plan}/rollback", """{"force": true}""", HttpStatusCode.Accepted);

        Assert.Equal("PARTIALLY_ROLLED_BACK", await client.WaitForPlanAsync(plan, "PARTIALLY_ROLLED_BACK", "ROLLED_BACK", "ROLLBACK_FAILED"));
        var actions = await client.ActionsAsync(plan);
        var skipped = actions.Single(a => a!["uuid"]!.GetValue<string>() == movedUuid)!;
        Assert.Equal("SUCCEEDED", skipped["state"]!.GetValue<string>());
        Assert.StartsWith("not rolled back: ", skipped["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(actions.Where(a => a!["uuid"]!.GetValue<string>() != movedUuid), a => Assert.Equal("REVERTED", a!["state"]!.GetValue<string>()));
        Assert.Contains(movedUuid, (await client.GetAsync($"/v1/action_plans/{plan}"))["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(actions.Count(a => a!["action_type"]!.GetValue<string>() == "migrate") - 1, await Scenario.InstancesOnAsync(client, node));
    }

    /// <summary>Moves the migrated instance to a node that is neither its source nor the plan's destination, through the simulator's reset; returns that node.</summary>
    private static async Task<string> MoveElsewhereAsync(WatcherTestClient client, JsonNode input, string source)
    {
        var snapshot = (await client.GetAsync("/v1/cluster_snapshot")).AsObject();
        var destination = input["destination_node"]!.GetValue<string>();
        var third = snapshot["hosts"]!.AsArray().First(h => h!["hostname"]!.GetValue<string>() is var name && name != source && name != destination)!;
        var instance = snapshot["instances"]!.AsArray().First(i => i!["uuid"]!.GetValue<string>() == input["resource_id"]!.GetValue<string>())!;
        instance["host"] = third["uuid"]!.GetValue<string>();
        await client.PostAsync("/v1/simulator/reset", snapshot.ToJsonString(), HttpStatusCode.OK);
        return third["hostname"]!.GetValue<string>();
    }
}
