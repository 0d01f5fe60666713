using System.Net;
using System.Text.Json.Nodes;

namespace Watcher.Integration.Tests;

/// <summary>Bad input gets a 4xx with Watcher's error body naming the problem, and nothing is written.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiValidationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ChildProcessHost? _host;

    private WatcherTestClient Client => _host!.Client;

    public async Task InitializeAsync() => _host = await ChildProcessHost.StartAsync(new HostSettings(azurite.ConnectionString));

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    public static TheoryData<string, string> BadAudits => new()
    {
        { "{bad json", "not valid JSON" },
        { "[1, 2]", "must be a JSON object" },
        { """{"goal": "cluster_maintaining", "parameters": {"maintenance_node": "x"}}""", "'audit_type' is required" },
        { """{"audit_type": "SOMETIMES", "goal": "dummy"}""", "'audit_type' must be one of" },
        { """{"audit_type": "ONESHOT", "goal": "world_peace"}""", "Goal 'world_peace' does not exist" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "strategy": "host_maintenance"}""", "serves goal 'cluster_maintaining'" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "parameters": {"para1": 99}}""", "at most 10.2" },
        { """{"audit_type": "ONESHOT", "goal": "cluster_maintaining", "parameters": {"maintenance_nod": "x"}}""", "no parameter 'maintenance_nod'" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "interval": "60"}""", "only for CONTINUOUS" },
        { """{"audit_type": "CONTINUOUS", "goal": "dummy"}""", "needs an 'interval'" },
        { """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "61 * * * *"}""", "minute" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "state": "SUCCEEDED"}""", "read-only attribute 'state'" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "audit_template_uuid": "x"}""", "exactly one of" },
        { """{"audit_type": "ONESHOT", "goal": "dummy", "auto_trigger": "maybe"}""", "'auto_trigger' must be a boolean" },
    };

    [Theory]
    [MemberData(nameof(BadAudits))]
    public async Task CreateAudit_BadInput_Returns400NamingProblemAndWritesNothing(string body, string expected)
    {
        var (status, error) = await Client.SendAsync(HttpMethod.Post, "/v1/audits", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fault = JsonNode.Parse(error!["error_message"]!.GetValue<string>())!;
        Assert.Equal("Client", fault["faultcode"]!.GetValue<string>());
        Assert.Contains(expected, fault["faultstring"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await Client.GetAsync("/v1/audits"))["audits"]!.AsArray());
    }

    [Theory]
    [InlineData("/v1/action_plans/00000000-0000-0000-0000-000000000000")]
    [InlineData("/v1/audits/nope")]
    [InlineData("/v1/actions/nope")]
    [InlineData("/v1/goals/nope")]
    [InlineData("/v1/orchestrations/nope")]
    [InlineData("/v1/nothing-here")]
    public async Task Get_UnknownResource_Returns404WithErrorBody(string path)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(body!["error_message"]);
    }

    [Fact]
    public async Task StartPlan_Twice_SecondReturnsPlanAsItIsAndPlanRunsOnce()
    {
        // A 4 s sleep keeps the plan running while it is started again.
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 4 });
        await Client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        var again = await Client.PostAsync($"/v1/action_plans/{plan}/start", "{}", HttpStatusCode.OK);

        Assert.Contains(again["state"]!.GetValue<string>(), new[] { "PENDING", "ONGOING" });
        Assert.Equal("SUCCEEDED", await Client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
        var journal = (await Client.GetAsync($"/v1/action_plans/{plan}/journal"))["journal"]!.AsArray();
        Assert.Single(journal, e => e!["event"]!.GetValue<string>() == "plan_started");
        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/start", "{}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Couldn't start", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_RecommendedPlan_Is409AndStateUnchanged()
    {
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 1 });

        var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/rollback", null);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("RECOMMENDED", (await Client.GetAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchPlan_UnsupportedPatch_Returns400()
    {
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 1 });

        var (status, body) = await Client.SendAsync(HttpMethod.Patch, $"/v1/action_plans/{plan}", """[{"op": "remove", "path": "/audit_uuid"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("/state", body!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchPlan_StatePending_StartsPlanLikeWatcher()
    {
        var plan = await Client.AuditToPlanAsync("dummy", "dummy", new JsonObject { ["para1"] = 1 });

        var (status, _) = await Client.SendAsync(HttpMethod.Patch, $"/v1/action_plans/{plan}", """[{"op": "replace", "path": "/state", "value": "PENDING"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SUCCEEDED", await Client.WaitForPlanAsync(plan, "SUCCEEDED", "FAILED"));
        var actions = await Client.ActionsAsync(plan);
        Assert.Equal(["nop", "nop", "sleep"], actions.Select(a => a!["action_type"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task MicroversionHeader_OutOfRange_Returns406()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host!.Settings.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/goals");
        request.Headers.Add("OpenStack-API-Version", "infra-optim 9.9");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("1.7", response.Headers.GetValues("OpenStack-API-Maximum-Version").Single());
    }

    [Fact]
    public async Task Faults_BadRule_Returns400()
    {
        var (status, _) = await Client.SendAsync(HttpMethod.Put, "/v1/simulator/faults", """{"faults": [{"occurrence": 0}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
