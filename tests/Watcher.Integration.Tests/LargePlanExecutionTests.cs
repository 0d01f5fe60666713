using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Watcher.Integration.Tests;

/// <summary>
/// A plan over the 500-action batch size on the real local host (its gRPC sidecar over DurableTask.AzureStorage on
/// Azurite): its batches run inline in the plan's orchestration, which continues as new after each one. Sub-orchestrations
/// do not work on that engine, so this is the test that the large-plan path runs where users run it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargePlanExecutionTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Actions = 600;

    [Fact]
    public async Task Start_PlanOfMoreThanOneBatch_SucceedsWithExactCountsAcrossGenerations()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString) { OperationDelayMs = 0 });
        var client = host.Client;
        var nops = new JsonArray([.. Enumerable.Range(0, Actions).Select(i => (JsonNode)new JsonObject
        {
            ["action_type"] = "nop",
            ["input_parameters"] = new JsonObject { ["message"] = $"nop {i:D4}" },
        })]);
        var plan = await client.AuditToPlanAsync("unclassified", "actuator", new JsonObject { ["actions"] = nops }, TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();

        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/action_plans/{plan}", "state", ["SUCCEEDED", "FAILED", "CANCELLED"], TimeSpan.FromSeconds(240)));
        output.WriteLine($"{Actions} nop actions ran in {clock.Elapsed.TotalSeconds:F1} s");
        var actions = (await client.GetAsync($"/v1/actions/detail?action_plan_uuid={plan}&limit=1000"))["actions"]!.AsArray();
        Assert.Equal(Actions, actions.Count);
        Assert.All(actions, a => Assert.Equal("SUCCEEDED", a!["state"]!.GetValue<string>()));
        // The plan's state is written by its last activity; the orchestration completes a moment later (its next replay).
        Assert.Equal("Completed", await client.WaitForOrchestrationEndAsync($"actionplan-{plan}"));
        var status = await client.GetAsync($"/v1/action_plans/{plan}/orchestration");
        Assert.Equal("SUCCEEDED", status["state"]!.GetValue<string>());
        Assert.Equal($$"""{"SUCCEEDED":{{Actions}}}""", status["actions"]!.ToJsonString());
        var execution = status["orchestrations"]![0]!;
        Assert.Equal("Completed", execution["runtime_status"]!.GetValue<string>());
        var progress = execution["progress"]!;
        Assert.Equal(
            ("finished", "SUCCEEDED", Actions, Actions, 0, 0),
            (progress["phase"]!.GetValue<string>(), progress["state"]!.GetValue<string>(), progress["total"]!.GetValue<int>(), progress["succeeded"]!.GetValue<int>(),
                progress["failed"]!.GetValue<int>(), progress["running"]!.GetValue<int>()));
    }
}
