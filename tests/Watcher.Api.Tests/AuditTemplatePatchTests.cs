using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>Watcher's PATCH of an audit template, in memory.</summary>
public sealed class AuditTemplatePatchTests
{
    [Fact]
    public async Task PatchTemplate_NameDescriptionAndStrategy_Updated()
    {
        await using var host = await ApiTestHost.StartAsync();
        var template = await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "t1", ["goal"] = "server_consolidation" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "t2" },
            new JsonObject { ["op"] = "add", ["path"] = "/description", ["value"] = "nightly" },
            new JsonObject { ["op"] = "replace", ["path"] = "/strategy", ["value"] = "basic" }));

        Assert.True(status == 200, body?.ToJsonString());
        var shown = await host.GetOkAsync($"/v1/audit_templates/{template["uuid"]}");
        Assert.Equal("t2", shown["name"]!.GetValue<string>());
        Assert.Equal("nightly", shown["description"]!.GetValue<string>());
        Assert.Equal("basic", shown["strategy_name"]!.GetValue<string>());
        Assert.NotNull(shown["updated_at"]);
    }

    [Fact]
    public async Task PatchTemplate_StrategyOfAnotherGoal_Returns400NamingBoth()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "t1", ["goal"] = "server_consolidation" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/strategy", ["value"] = "dummy" }));

        Assert.Equal(400, status);
        Assert.Contains("'dummy'", ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Contains("server_consolidation", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchTemplate_ReadOnlyField_Returns400NamingPath()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "t1", ["goal"] = "dummy" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/uuid", ["value"] = "x" }));

        Assert.Equal(400, status);
        Assert.Contains("'/uuid' can't be updated", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchTemplate_NameOfAnotherTemplate_Returns409()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "t1", ["goal"] = "dummy" });
        await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "t2", ["goal"] = "dummy" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t2", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "t1" }));

        Assert.Equal(409, status);
        Assert.Contains("'t1'", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }
}
