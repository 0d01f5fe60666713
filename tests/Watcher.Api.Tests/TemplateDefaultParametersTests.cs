using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>Audit templates' <c>default_parameters</c> (microversion 1.7): stored, shown from 1.7, patched, and applied to audits created from the template.</summary>
public sealed class TemplateDefaultParametersTests
{
    private static JsonObject Template(string name) => new()
    {
        ["name"] = name,
        ["goal"] = "dummy",
        ["strategy"] = "dummy",
        ["default_parameters"] = new JsonObject { ["para1"] = 4.0, ["para2"] = "from-template" },
    };

    [Fact]
    public async Task CreateTemplate_DefaultParametersAt17_ShownAt17AndHiddenAt16()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1"), version: "1.7");

        Assert.True(status == 201, body?.ToJsonString());
        Assert.Equal("from-template", (await host.GetOkAsync("/v1/audit_templates/t1", "1.7"))["default_parameters"]!["para2"]!.GetValue<string>());
        Assert.False((await host.GetOkAsync("/v1/audit_templates/t1", "1.6")).AsObject().ContainsKey("default_parameters"));
    }

    [Fact]
    public async Task CreateTemplate_DefaultParametersBelow17_Returns406AndStoresNothing()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1"), version: "1.6");

        Assert.Equal(406, status);
        Assert.Contains("default_parameters", ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, "/v1/audit_templates/t1")).Status);
    }

    [Fact]
    public async Task CreateTemplate_DefaultParameterOutOfBounds_Returns400NamingIt()
    {
        await using var host = await ApiTestHost.StartAsync();
        var template = Template("t1");
        template["default_parameters"]!["para1"] = 99.0;

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", template, version: "1.7");

        Assert.Equal(400, status);
        Assert.Contains("para1", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_FromTemplateWithDefaults_AuditParametersOverrideThem()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", Template("t1"), version: "1.7");
        var (_, patched, _) = await host.SendAsync(HttpMethod.Patch, "/v1/audit_templates/t1", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/default_parameters", ["value"] = new JsonObject { ["para1"] = 6.0, ["para2"] = "patched" } }), version: "1.7");
        Assert.Equal("patched", patched!["default_parameters"]!["para2"]!.GetValue<string>());

        var (status, audit, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", new JsonObject
        {
            ["audit_type"] = "ONESHOT",
            ["audit_template_uuid"] = "t1",
            ["parameters"] = new JsonObject { ["para1"] = 2.0 },
        });

        Assert.True(status == 201, audit?.ToJsonString());
        Assert.Equal(2.0, audit!["parameters"]!["para1"]!.GetValue<double>());
        Assert.Equal("patched", audit["parameters"]!["para2"]!.GetValue<string>());
    }
}
