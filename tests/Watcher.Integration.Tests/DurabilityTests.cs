using System.Net;

namespace Watcher.Integration.Tests;

/// <summary>A plan survives the local host being killed: it finishes after a restart and no action is executed twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurabilityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task KillHostMidPlan_RestartFinishesPlan_NoActionExecutedTwice()
    {
        var settings = new HostSettings(azurite.ConnectionString) { OperationDelayMs = 1200, VisibilityTimeoutSeconds = 5 };
        await using var host = await ChildProcessHost.StartAsync(settings);
        var client = host.Client;
        var plan = await Scenario.MaintenancePlanAsync(client, await Scenario.BusiestNodeAsync(client));
        var actions = await client.ActionsAsync(plan);
        await client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        // Wait until the plan is part-way: at least one action done, not all.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var done = (await client.ActionsAsync(plan)).Count(a => a!["state"]!.GetValue<string>() == "SUCCEEDED");
            if (done >= 1 && done < actions.Count)
            {
                break;
            }

            Assert.True(done < actions.Count, "The plan finished before the host could be killed; slow the simulator down.");
            Assert.True(DateTime.UtcNow < deadline, "The plan did not make progress.");
            await Task.Delay(100);
        }

        host.Kill();
        await host.StartAsync();

        Assert.Equal("SUCCEEDED", await client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
        var executions = (await client.GetAsync("/v1/simulator"))["executions"]!.AsArray()
            .Select(e => e!["operation_key"]!.GetValue<string>()).ToList();
        Assert.Equal(executions.Count, executions.Distinct().Count());
        var expected = actions.Select(a => $"{a!["uuid"]!.GetValue<string>()}:execute").ToHashSet();
        Assert.Equal(expected, executions.ToHashSet());
    }
}
