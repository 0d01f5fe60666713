using System.Net;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>Watcher's delete semantics and its service, scoring engine and strategy state views.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiResourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ChildProcessHost? _host;

    private WatcherTestClient Client => _host!.Client;

    public async Task InitializeAsync() => _host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task Delete_FinishedAuditAndPlan_HidesThemAndTheirActions()
    {
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 1 });
        var audit = (await Client.GetAsync($"/v1/action_plans/{plan}"))["audit_uuid"]!.GetValue<string>();
        var action = (await Client.ActionsAsync(plan))[0]!["uuid"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/action_plans/{plan}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/audits/{audit}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, $"/v1/action_plans/{plan}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, $"/v1/audits/{audit}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Get, $"/v1/actions/{action}")).Status);
        Assert.Empty((await Client.GetAsync("/v1/action_plans"))["action_plans"]!.AsArray());
        Assert.Empty((await Client.GetAsync("/v1/actions"))["actions"]!.AsArray());
    }

    [Fact]
    public async Task Delete_RunningPlan_Is409AndPlanUntouched()
    {
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 10 });
        await Client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);
        await Client.WaitForPlanAsync(plan, "ONGOING");

        var (status, body) = await Client.SendAsync(HttpMethod.Delete, $"/v1/action_plans/{plan}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Couldn't delete", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ONGOING", (await Client.GetAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_Template_RemovesItFromLists()
    {
        var template = await Client.PostAsync("/v1/audit_templates", """{"name": "t1", "goal": "dummy"}""", HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/v1/audit_templates/{template["uuid"]}")).Status);

        Assert.Empty((await Client.GetAsync("/v1/audit_templates"))["audit_templates"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(HttpMethod.Delete, "/v1/audit_templates/t1")).Status);
    }

    [Fact]
    public async Task Services_ScoringEnginesAndStrategyState_HaveWatcherShapes()
    {
        var services = (await Client.GetAsync("/v1/services"))["services"]!.AsArray();
        Assert.Equal(["watcher-api", "watcher-decision-engine", "watcher-applier"], services.Select(s => s!["name"]!.GetValue<string>()).ToArray());
        Assert.Empty((await Client.GetAsync("/v1/scoring_engines"))["scoring_engines"]!.AsArray());

        var state = (await Client.GetAsync("/v1/strategies/host_maintenance/state")).AsArray();

        Assert.Equal(["Datasource", "Metrics", "CDM", "Name"], state.Select(s => s!["type"]!.GetValue<string>()).ToArray());
        Assert.Equal("simulator", state[0]!["state"]!.GetValue<string>());
    }
}
