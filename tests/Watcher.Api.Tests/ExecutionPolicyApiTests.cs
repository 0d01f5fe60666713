using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>
/// <c>execution_policy</c> (microversion 1.7) on audit templates (create and PATCH) and audits, shown on templates,
/// audits and the plans they produce; bad policies are 400s naming the field.
/// </summary>
public sealed class ExecutionPolicyApiTests
{
    private static JsonObject Policy() => new()
    {
        ["compensation"] = "branch",
        ["max_concurrent_migrations"] = 3,
        ["max_concurrent_migrations_per_host"] = 1,
        ["max_actions_per_hour"] = 20,
        ["window"] = new JsonObject { ["cron"] = "0 2 * * 6", ["duration_seconds"] = 7200, ["time_zone"] = "Europe/Paris" },
    };

    private static JsonObject Template(string name, JsonNode? policy) => new()
    {
        ["name"] = name,
        ["goal"] = "dummy",
        ["strategy"] = "dummy",
        ["execution_policy"] = policy,
    };

    [Fact]
    public async Task CreateTemplate_PolicyAt17_ShownAt17AndHiddenAt16()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1", Policy()), version: "1.7");

        Assert.True(status == 201, body?.ToJsonString());
        var shown = (await host.GetOkAsync("/v1/audit_templates/t1", "1.7"))["execution_policy"]!;
        Assert.True(JsonNode.DeepEquals(Policy(), shown), shown.ToJsonString());
        Assert.False((await host.GetOkAsync("/v1/audit_templates/t1", "1.6")).AsObject().ContainsKey("execution_policy"));
    }

    [Fact]
    public async Task CreateTemplate_QuietestWindow_ShownAsAskedWithoutCron()
    {
        await using var host = await ApiTestHost.StartAsync();
        var policy = new JsonObject { ["window"] = new JsonObject { ["quietest"] = true, ["duration_seconds"] = 7200 } };

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1", policy), version: "1.7");

        Assert.True(status == 201, body?.ToJsonString());
        var window = (await host.GetOkAsync("/v1/audit_templates/t1", "1.7"))["execution_policy"]!["window"]!;
        Assert.True(window["quietest"]!.GetValue<bool>());
        Assert.Equal(7200, window["duration_seconds"]!.GetValue<int>());
        Assert.Null(window["cron"]);
    }

    [Fact]
    public async Task CreateTemplate_PolicyBelow17_Returns406AndStoresNothing()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1", Policy()), version: "1.6");

        Assert.Equal(406, status);
        Assert.Contains("'execution_policy' requires microversion 1.7", ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/v1/audit_templates/t1")).Status);
    }

    [Theory]
    [InlineData("""{"surprise": 1}""", "Unknown or read-only attribute 'execution_policy.surprise'")]
    [InlineData("""{"max_concurrent_migrations": "3"}""", "'execution_policy.max_concurrent_migrations' must be an integer")]
    [InlineData("""{"max_concurrent_migrations": 1.5}""", "'execution_policy.max_concurrent_migrations' must be an integer")]
    [InlineData("""{"max_concurrent_migrations": 0}""", "'execution_policy.max_concurrent_migrations' must be at least 1")]
    [InlineData("""{"max_concurrent_migrations_per_host": -1}""", "'execution_policy.max_concurrent_migrations_per_host' must be at least 1")]
    [InlineData("""{"max_actions_per_hour": 0}""", "'execution_policy.max_actions_per_hour' must be at least 1")]
    [InlineData("""{"compensation": "some"}""", "'execution_policy.compensation' must be all, branch or none")]
    [InlineData("""{"compensation": 1}""", "'execution_policy.compensation' must be a string")]
    [InlineData("""{"window": {"cron": "every night", "duration_seconds": 60}}""", "'execution_policy.window.cron' 'every night' must have 5 fields")]
    [InlineData("""{"window": {"cron": "0 99 * * *", "duration_seconds": 60}}""", "'execution_policy.window.cron' '0 99 * * *' is not a valid cron expression")]
    [InlineData("""{"window": {"cron": "0 0 30 2 *", "duration_seconds": 60}}""", "'execution_policy.window.cron' '0 0 30 2 *' never fires")]
    [InlineData("""{"window": {"cron": "0 2 * * *", "duration_seconds": 0}}""", "'execution_policy.window.duration_seconds' must be at least 1")]
    [InlineData("""{"window": {"cron": "0 2 * * *"}}""", "'execution_policy.window.duration_seconds' is required")]
    [InlineData("""{"window": {"cron": "0 2 * * *", "duration_seconds": 60, "time_zone": "Mars/Olympus_Mons"}}""", "'execution_policy.window.time_zone' 'Mars/Olympus_Mons' is not a known time zone")]
    [InlineData("""{"window": {"cron": "0 2 * * *", "duration_seconds": 60, "tz": "UTC"}}""", "Unknown or read-only attribute 'execution_policy.window.tz'")]
    [InlineData("""{"window": "nightly"}""", "'execution_policy.window' must be an object")]
    [InlineData("""{"window": {"quietest": true, "duration_seconds": 7200, "cron": "0 2 * * *"}}""", "'execution_policy.window.cron' cannot be combined with 'execution_policy.window.quietest'")]
    [InlineData("""{"window": {"quietest": true, "duration_seconds": 7200, "time_zone": "Europe/Paris"}}""", "'execution_policy.window.time_zone' cannot be combined with 'execution_policy.window.quietest'")]
    [InlineData("""{"window": {"quietest": true}}""", "'execution_policy.window.duration_seconds' is required")]
    [InlineData("""{"window": {"quietest": true, "duration_seconds": 0}}""", "'execution_policy.window.duration_seconds' must be between 1 and 604800")]
    [InlineData("""{"window": {"quietest": "yes", "duration_seconds": 60}}""", "'execution_policy.window.quietest'")]
    [InlineData("5", "'execution_policy' must be an object")]
    public async Task CreateTemplate_BadPolicy_Returns400NamingTheField(string policy, string expected)
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1", JsonNode.Parse(policy)), version: "1.7");

        Assert.Equal(400, status);
        Assert.Contains(expected, ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/v1/audit_templates/t1")).Status);
    }

    [Fact]
    public async Task PatchTemplate_Policy_ReplacedThenKeptByAnotherPatchThenRemoved()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", Template("t1", null));

        var (status, patched, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", Replace("/execution_policy", Policy()), version: "1.7");
        Assert.True(status == 200, patched?.ToJsonString());
        Assert.Equal("branch", patched!["execution_policy"]!["compensation"]!.GetValue<string>());

        var (_, renamed, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", Replace("/name", "t2"), version: "1.7");
        Assert.Equal(3, renamed!["execution_policy"]!["max_concurrent_migrations"]!.GetValue<int>());

        var (_, removed, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t2", new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/execution_policy" }), version: "1.7");
        Assert.Null(removed!["execution_policy"]);
    }

    [Fact]
    public async Task PatchTemplate_PolicyBelow17_Returns406()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", Template("t1", null));

        var (status, _, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", Replace("/execution_policy", Policy()), version: "1.6");

        Assert.Equal(406, status);
    }

    [Fact]
    public async Task PatchTemplate_BadPolicy_Returns400NamingTheField()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", Template("t1", null));

        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", Replace("/execution_policy", new JsonObject { ["max_actions_per_hour"] = "many" }), version: "1.7");

        Assert.Equal(400, status);
        Assert.Contains("'execution_policy.max_actions_per_hour' must be an integer", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_Policy_ShownOnTheAuditAndCarriedOntoItsPlan()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, audit, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["goal"] = "dummy",
            ["execution_policy"] = new JsonObject { ["compensation"] = "none", ["max_actions_per_hour"] = 5 },
        });

        Assert.True(status == 201, audit?.ToJsonString());
        Assert.Equal("none", audit!["execution_policy"]!["compensation"]!.GetValue<string>());
        var uuid = audit["uuid"]!.GetValue<string>();
        await host.WaitForAuditAsync(uuid, "SUCCEEDED");
        var plan = (await host.GetOkAsync($"/v1/action_plans/detail?audit_uuid={uuid}"))["action_plans"]![0]!;
        Assert.Equal("none", plan["execution_policy"]!["compensation"]!.GetValue<string>());
        Assert.Equal(5, plan["execution_policy"]!["max_actions_per_hour"]!.GetValue<int>());
        Assert.False((await host.GetOkAsync($"/v1/action_plans/{plan["uuid"]!.GetValue<string>()}", "1.6")).AsObject().ContainsKey("execution_policy"));
    }

    [Fact]
    public async Task CreateAudit_PolicyBelow17_Returns406()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["goal"] = "dummy",
            ["execution_policy"] = new JsonObject { ["compensation"] = "none" },
        }, version: "1.6");

        Assert.Equal(406, status);
        Assert.Contains("execution_policy", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_BadPolicy_Returns400NamingTheField()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["goal"] = "dummy",
            ["execution_policy"] = new JsonObject { ["window"] = new JsonObject { ["cron"] = "0 2 * * *", ["duration_seconds"] = 60, ["time_zone"] = "Nowhere/Land" } },
        });

        Assert.Equal(400, status);
        Assert.Contains("'execution_policy.window.time_zone'", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    private static JsonArray Replace(string path, JsonNode? value) => new(new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = value });
}
