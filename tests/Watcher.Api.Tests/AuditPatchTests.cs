using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>Watcher's PATCH of an audit beyond /state, in memory.</summary>
public sealed class AuditPatchTests
{
    [Fact]
    public async Task PatchAudit_NameIntervalAndParametersOfContinuousAudit_Updated()
    {
        await using var host = await ApiTestHost.StartAsync();
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "CONTINUOUS", ["goal"] = "dummy", ["interval"] = "3600", ["name"] = "a1" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/audits/{audit["uuid"]}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "a2" },
            new JsonObject { ["op"] = "replace", ["path"] = "/interval", ["value"] = "*/5 * * * *" },
            new JsonObject { ["op"] = "replace", ["path"] = "/parameters", ["value"] = new JsonObject { ["para1"] = 2.0 } }));

        Assert.True(status == 200, body?.ToJsonString());
        var shown = await host.GetOkAsync("/v1/audits/a2");
        Assert.Equal("*/5 * * * *", shown["interval"]!.GetValue<string>());
        Assert.Equal(2.0, shown["parameters"]!["para1"]!.GetValue<double>());
        Assert.Equal("hello", shown["parameters"]!["para2"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/interval", "\"not a cron\"", "not a cron")]
    [InlineData("/parameters", "{\"para1\": 99}", "para1")]
    [InlineData("/end_time", "\"2000-01-01T00:00:00Z\"", "end_time")]
    [InlineData("/goal", "\"dummy\"", "'/goal' can't be updated")]
    public async Task PatchAudit_InvalidValue_Returns400NamingIt(string path, string value, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        var audit = await host.CreateAsync("/v1/audits", new JsonObject
        {
            ["audit_type"] = "CONTINUOUS", ["goal"] = "dummy", ["interval"] = "3600", ["start_time"] = "2030-01-01T00:00:00Z",
        });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/audits/{audit["uuid"]}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = JsonNode.Parse(value) }));

        Assert.Equal(400, status);
        Assert.Contains(named, ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAudit_IntervalOnOneshot_Returns400()
    {
        await using var host = await ApiTestHost.StartAsync();
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" });
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/audits/{audit["uuid"]}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/interval", ["value"] = "60" }));

        Assert.Equal(400, status);
        Assert.Contains("only for CONTINUOUS", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAudit_IllegalTransition_Returns409NamingBothStates()
    {
        await using var host = await ApiTestHost.StartAsync();
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" });
        await host.WaitForAuditAsync(audit["uuid"]!.GetValue<string>(), "SUCCEEDED");
        var (status, body, _) = await host.SendAsync(HttpMethod.Patch, $"/v1/audits/{audit["uuid"]}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/state", ["value"] = "SUSPENDED" }));

        Assert.Equal(409, status);
        Assert.Contains("SUCCEEDED -> SUSPENDED", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }
}
