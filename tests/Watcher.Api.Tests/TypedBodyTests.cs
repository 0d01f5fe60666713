using System.Text;
using System.Text.Json.Nodes;
using Watcher.Api.Contracts;
using Watcher.Domain.Errors;

namespace Watcher.Api.Tests;

/// <summary>Typed request bodies: bound strictly, so an unknown, mistyped or repeated member is a 400 naming the field.</summary>
public sealed class TypedBodyTests
{
    [Theory]
    [InlineData("/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "colour": "blue"}""", "Unknown or read-only attribute 'colour' for audit")]
    [InlineData("/v1/audit_templates", """{"name": "t", "goal": "dummy", "colour": "blue"}""", "Unknown or read-only attribute 'colour' for audit template")]
    [InlineData("/v1/action_plans/00000000-0000-0000-0000-000000000000/rollback", """{"actions": [], "colour": "blue"}""", "Unknown or read-only attribute 'colour' for rollback")]
    [InlineData("/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "interval": [60]}""", "'interval' must be a string or a number")]
    [InlineData("/v1/audit_templates", """{"name": "t", "goal": "dummy", "scope": {"compute": []}}""", "'scope' must be a list")]
    [InlineData("/v1/action_plans/00000000-0000-0000-0000-000000000000/rollback", """{"actions": [1]}""", "'actions' must be a list of strings")]
    [InlineData("/v1/audit_templates", """{"name": "t", "goal": "dummy", "name": "u"}""", "'name' is given more than once")]
    public async Task Post_BadTypedBody_Returns400NamingField(string path, string body, string expected)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync(path, content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(expected, ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAudit_FlagsAsStringsAndNumericInterval_AreAccepted()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/audits", new JsonObject
        {
            ["audit_type"] = "CONTINUOUS",
            ["goal"] = "dummy",
            ["interval"] = 3600,
            ["auto_trigger"] = "True",
        });

        Assert.Equal(201, status);
        Assert.Equal("3600", body!["interval"]!.GetValue<string>());
        Assert.True(body["auto_trigger"]!.GetValue<bool>());
    }

    [Fact]
    public void Bind_UnknownMember_MessageListsAllowedFields()
    {
        var ex = Assert.Throws<ValidationException>(() => ApiRequestBodies.Bind<RollbackRequest>(new JsonObject { ["action"] = new JsonArray() }, "rollback"));

        Assert.Equal("Unknown or read-only attribute 'action' for rollback. Allowed: actions, dry_run, force.", ex.Message);
    }

    [Fact]
    public void Bind_ValidBody_ReadsEveryField()
    {
        var body = ApiRequestBodies.Bind<CreateAuditTemplateRequest>(
            new JsonObject { ["name"] = "t", ["description"] = "d", ["goal"] = "g", ["strategy"] = "s", ["scope"] = new JsonArray(new JsonObject()) }, "audit template");

        Assert.Equal(("t", "d", "g", "s", 1), (body.Name, body.Description, body.Goal, body.Strategy, body.Scope!.Count));
    }
}
