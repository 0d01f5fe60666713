using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>Watcher API conformance in memory: root document, services, scoring engines, microversions, filters, action skip.</summary>
public sealed class ConformanceTests
{
    [Fact]
    public async Task Root_Get_ReturnsVersionDocumentWithMicroversionRange()
    {
        await using var host = await ApiTestHost.StartAsync();
        var root = await host.GetOkAsync("/");
        var v1 = Assert.Single(root["versions"]!.AsArray())!;
        Assert.Equal("v1", v1["id"]!.GetValue<string>());
        Assert.Equal(WatcherApi.MaxVersion, v1["max_version"]!.GetValue<string>());
        Assert.Equal(WatcherApi.MinVersion, root["default_version"]!["min_version"]!.GetValue<string>());
        Assert.EndsWith("/v1/", v1["links"]![0]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetService_ByNameOrId_ReturnsIt_UnknownIs404()
    {
        await using var host = await ApiTestHost.StartAsync();
        Assert.Equal("watcher-applier", (await host.GetOkAsync("/v1/services/3"))["name"]!.GetValue<string>());
        Assert.Equal(1, (await host.GetOkAsync("/v1/services/watcher-api"))["id"]!.GetValue<int>());
        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/services/nope");
        Assert.Equal(404, status);
        Assert.Contains("nope", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetScoringEngine_Unknown_Returns404NamingIt()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, _) = await host.SendAsync(HttpMethod.Get, "/v1/scoring_engines/dummy_scorer");
        Assert.Equal(404, status);
        Assert.Contains("dummy_scorer", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/action_plans?audit_uuid=3c2a6d52-0000-4000-8000-000000000000", "3c2a6d52-0000-4000-8000-000000000000")]
    [InlineData("/v1/actions?action_plan_uuid=4d2a6d52-0000-4000-8000-000000000000", "4d2a6d52-0000-4000-8000-000000000000")]
    [InlineData("/v1/actions/detail?audit_uuid=5e2a6d52-0000-4000-8000-000000000000", "5e2a6d52-0000-4000-8000-000000000000")]
    [InlineData("/v1/audits?goal=no_such_goal", "no_such_goal")]
    [InlineData("/v1/audit_templates?strategy=no_such_strategy", "no_such_strategy")]
    [InlineData("/v1/data_model?audit_uuid=6f2a6d52-0000-4000-8000-000000000000", "6f2a6d52-0000-4000-8000-000000000000")]
    public async Task ListFilter_UnknownUuidOrName_Returns404NamingIt(string path, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, _) = await host.SendAsync(HttpMethod.Get, path, version: "latest");
        Assert.Equal(404, status);
        Assert.Contains(named, ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAudit_OlderMicroversion_OmitsNewerFields()
    {
        await using var host = await ApiTestHost.StartAsync();
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "CONTINUOUS", ["goal"] = "dummy", ["interval"] = "3600" });
        var path = $"/v1/audits/{audit["uuid"]}";

        var v10 = (await host.GetOkAsync(path, "1.0")).AsObject();
        Assert.DoesNotContain("start_time", v10.Select(p => p.Key));
        Assert.DoesNotContain("force", v10.Select(p => p.Key));
        var v11 = (await host.GetOkAsync(path, "1.1")).AsObject();
        Assert.Contains("start_time", v11.Select(p => p.Key));
        Assert.DoesNotContain("force", v11.Select(p => p.Key));
        Assert.DoesNotContain("status_message", v11.Select(p => p.Key));
        var v15 = (await host.GetOkAsync(path, "1.5")).AsObject();
        Assert.Contains("force", v15.Select(p => p.Key));
        Assert.Contains("status_message", v15.Select(p => p.Key));
        var list = await host.GetOkAsync("/v1/audits/detail", "1.0");
        Assert.DoesNotContain("end_time", list["audits"]![0]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("start_time", "\"2030-01-01T00:00:00Z\"", "1.0", 406)]
    [InlineData("start_time", "\"2030-01-01T00:00:00Z\"", "1.1", 201)]
    [InlineData("force", "true", "1.1", 406)]
    [InlineData("force", "true", "1.2", 201)]
    public async Task CreateAudit_FieldNewerThanVersion_Returns406(string field, string value, string version, int expected)
    {
        await using var host = await ApiTestHost.StartAsync();
        var body = new JsonObject { ["audit_type"] = "CONTINUOUS", ["goal"] = "dummy", ["interval"] = "3600", [field] = JsonNode.Parse(value) };
        var (status, error, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", body, version);
        Assert.Equal(expected, status);
        if (expected == 406)
        {
            Assert.Contains($"'{field}'", ApiTestHost.Fault(error), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DataModel_ByMicroversion_RouteAndServerFieldsFollowVersion()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, _, _) = await host.SendAsync(HttpMethod.Get, "/v1/data_model", version: "1.2");
        Assert.Equal(406, status);
        var v15 = await host.GetOkAsync("/v1/data_model", "1.5");
        Assert.DoesNotContain("server_pinned_az", v15["context"]![0]!.AsObject().Select(p => p.Key));
        var v16 = await host.GetOkAsync("/v1/data_model", "1.6");
        var row = v16["context"]!.AsArray().First(r => r!["server_uuid"] is not null)!.AsObject();
        Assert.Contains("server_pinned_az", row.Select(p => p.Key));
        Assert.Contains("server_flavor_extra_specs", row.Select(p => p.Key));
    }

    [Fact]
    public async Task DataModel_WithAuditUuid_LeavesOutNodesOutsideItsScope()
    {
        await using var host = await ApiTestHost.StartAsync();
        var all = (await host.GetOkAsync("/v1/data_model", "latest"))["context"]!.AsArray();
        var excluded = all.Select(r => r!["node_hostname"]!.GetValue<string>()).Distinct().First();
        var template = await host.CreateAsync("/v1/audit_templates", JsonNode.Parse($$"""
            {"name": "t", "goal": "dummy", "scope": [{"compute": [{"exclude": [{"compute_nodes": [{"name": "{{excluded}}"}]}]}]}]}
            """)!.AsObject());
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "CONTINUOUS", ["interval"] = "3600", ["audit_template_uuid"] = template["uuid"]!.GetValue<string>() });

        var scoped = (await host.GetOkAsync($"/v1/data_model?audit_uuid={audit["uuid"]}", "latest"))["context"]!.AsArray();
        Assert.NotEmpty(scoped);
        Assert.DoesNotContain(scoped, r => r!["node_hostname"]!.GetValue<string>() == excluded);
        Assert.True(scoped.Count < all.Count);
    }

    [Fact]
    public async Task PatchAction_SkippedWithReasonOnRecommendedPlan_SkipsIt_OnlyFrom15()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (plan, action) = await RecommendedPlanAsync(host);
        var patch = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/state", ["value"] = "SKIPPED" },
            new JsonObject { ["op"] = "replace", ["path"] = "/status_message", ["value"] = "not tonight" });

        var (old, _, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/actions/{action}", patch, "1.4");
        Assert.Equal(406, old);
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/actions/{action}", patch, "1.5");
        Assert.True(status == 200, body?.ToJsonString());
        var shown = await host.GetOkAsync($"/v1/actions/{action}", "1.5");
        Assert.Equal("SKIPPED", shown["state"]!.GetValue<string>());
        Assert.Equal("not tonight", shown["status_message"]!.GetValue<string>());
        Assert.Equal("RECOMMENDED", (await host.GetOkAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchAction_OtherState_Returns400_AfterPlanStarted_Returns409NamingPlanState()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (plan, action) = await RecommendedPlanAsync(host);
        var (bad, badBody, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/actions/{action}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/state", ["value"] = "SUCCEEDED" }), "1.5");
        Assert.Equal(400, bad);
        Assert.Contains("SKIPPED", ApiTestHost.Fault(badBody), StringComparison.Ordinal);

        var (started, _, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{plan}/start");
        Assert.Equal(200, started);
        for (var i = 0; i < 600 && (await host.GetOkAsync($"/v1/action_plans/{plan}"))["state"]!.GetValue<string>() is "PENDING"; i++)
        {
            await Task.Delay(50);
        }

        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/actions/{action}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/state", ["value"] = "SKIPPED" }), "1.5");
        Assert.Equal(409, status);
        Assert.Contains("RECOMMENDED or PENDING; the plan is ", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    private static async Task<(string Plan, string Action)> RecommendedPlanAsync(ApiTestHost host)
    {
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" });
        var uuid = audit["uuid"]!.GetValue<string>();
        await host.WaitForAuditAsync(uuid, "SUCCEEDED");
        var plan = (await host.GetOkAsync($"/v1/action_plans?audit_uuid={uuid}"))["action_plans"]![0]!["uuid"]!.GetValue<string>();
        var action = (await host.GetOkAsync($"/v1/actions?action_plan_uuid={plan}"))["actions"]![0]!["uuid"]!.GetValue<string>();
        return (plan, action);
    }
}
