using System.Net;

namespace Watcher.Integration.Tests;

/// <summary>Continuous audits run on the timer, event audits on their webhook, and templates feed audits.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditLifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ContinuousAudit_Interval_RunsRepeatedlyAndSupersedesOlderPlans()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var audit = await client.PostAsync("/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "10", "parameters": {"para1": 1}}""", HttpStatusCode.Created);
        var uuid = audit["uuid"]!.GetValue<string>();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        string[] states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = (await client.GetAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]!.AsArray()
                .Select(p => p!["state"]!.GetValue<string>()).ToArray();
            if (states.Length >= 2)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(states.Length >= 2, $"expected two runs, plans: {string.Join(",", states)}");
        Assert.Contains("SUPERSEDED", states);
        var detail = await client.GetAsync($"/v1/audits/{uuid}");
        Assert.Equal("ONGOING", detail["state"]!.GetValue<string>());
        Assert.NotNull(detail["next_run_time"]);

        await client.SendAsync(HttpMethod.Patch, $"/v1/audits/{uuid}", """[{"op": "replace", "path": "/state", "value": "SUSPENDED"}]""");
        Assert.Equal("SUSPENDED", (await client.GetAsync($"/v1/audits/{uuid}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task EventAudit_Webhook_RunsOnEachTrigger()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var audit = await client.PostAsync("/v1/audits", """{"audit_type": "EVENT", "goal": "dummy", "parameters": {"para1": 1}}""", HttpStatusCode.Created);
        var uuid = audit["uuid"]!.GetValue<string>();
        Assert.Empty((await client.GetAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]!.AsArray());

        await client.PostAsync($"/v1/webhooks/{uuid}", "{}", HttpStatusCode.Accepted);
        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/audits/{uuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60)));
        await client.PostAsync($"/v1/webhooks/{uuid}", "{}", HttpStatusCode.Accepted);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]!.AsArray().Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second webhook did not produce a plan");
            await Task.Delay(300);
        }
    }

    [Fact]
    public async Task OneshotAudit_AutoTrigger_RunsItsPlanToSucceededAndDrainsNode()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var audit = await client.PostAsync("/v1/audits", $$"""
            {"audit_type": "ONESHOT", "goal": "cluster_maintaining", "strategy": "host_maintenance", "auto_trigger": true,
             "parameters": {"maintenance_node": "{{node}}"} }
            """, HttpStatusCode.Created);
        var uuid = audit["uuid"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/audits/{uuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60)));
        var plan = (await client.GetAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]!.AsArray().Single()!["uuid"]!.GetValue<string>();

        // Nobody starts the plan: auto_trigger must run it (the audit orchestration starts the plan's orchestration).
        string state;
        try
        {
            state = await client.WaitForAsync($"/v1/action_plans/{plan}", "state", ["SUCCEEDED", "FAILED", "CANCELLED"], TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\nHost log:\n" + client.LogSource!(), ex);
        }

        Assert.Equal("SUCCEEDED", state);
        Assert.Equal(0, await Scenario.InstancesOnAsync(client, node));
        Assert.All(await client.ActionsAsync(plan), a => Assert.Equal("SUCCEEDED", a!["state"]!.GetValue<string>()));

        // The audit's own orchestration ends too (it stayed Running for ever when it ran the plan as a sub-orchestration:
        // the local host's engine stored that history event without its EventType and could never replay it).
        Assert.Equal("Completed", await client.WaitForOrchestrationEndAsync($"audit-{uuid}"));
    }

    [Fact]
    public async Task AuditTemplate_WithScopeExcludingNode_AuditFromTemplateNeverTargetsIt()
    {
        await using var host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));
        var client = host.Client;
        var node = await Scenario.BusiestNodeAsync(client);
        var rows = (await client.GetAsync("/v1/data_model?data_model_type=compute"))["context"]!.AsArray();
        var excluded = rows.Select(r => r!["node_hostname"]!.GetValue<string>()).Distinct().First(h => h != node);
        var template = await client.PostAsync("/v1/audit_templates", $$"""
            {"name": "drain", "goal": "cluster_maintaining", "strategy": "host_maintenance",
             "scope": [{"exclude": [{"compute_nodes": [{"name": "{{excluded}}"}]}]}]}
            """, HttpStatusCode.Created);

        var audit = await client.PostAsync("/v1/audits", $$"""
            {"audit_type": "ONESHOT", "audit_template_uuid": "{{template["uuid"]}}", "parameters": {"maintenance_node": "{{node}}"} }
            """, HttpStatusCode.Created);

        var uuid = audit["uuid"]!.GetValue<string>();
        Assert.Equal("SUCCEEDED", await client.WaitForAsync($"/v1/audits/{uuid}", "state", ["SUCCEEDED", "FAILED"], TimeSpan.FromSeconds(60)));
        var plan = (await client.GetAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]![0]!["uuid"]!.GetValue<string>();
        var destinations = (await client.ActionsAsync(plan))
            .Where(a => a!["action_type"]!.GetValue<string>() == "migrate")
            .Select(a => a!["input_parameters"]!["destination_node"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(destinations);
        Assert.DoesNotContain(excluded, destinations);
        var (status, _) = await client.SendAsync(HttpMethod.Post, "/v1/audit_templates", """{"name": "drain", "goal": "dummy"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
    }
}
