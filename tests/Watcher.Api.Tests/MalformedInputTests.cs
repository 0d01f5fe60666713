using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>
/// Malformed input reported as 500s or stored as junk (issue 9): each is a 4xx whose message names the problem, in memory.
/// </summary>
public sealed class MalformedInputTests
{
    [Theory]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a", "name": "b", "goal": "dummy"}""", "name")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a", "goal": "dummy", "scope": [{"a": 1, "a": 2}]}""", "scope[0].a")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "parameters": {"x": 1, "x": 2}}""", "parameters.x")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "\ud800", "goal": "dummy"}""", "surrogate")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a", "goal": "dummy", "description": "x\udfff"}""", "surrogate")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a", "goal": "dummy", "scope": [{"k": "\ud800"}]}""", "surrogate")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a\u0000b", "goal": "dummy"}""", "'name'")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "a\u0007b", "goal": "dummy"}""", "'name'")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "ab", "goal": "dummy", "description": "x\u0000"}""", "'description'")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "name": "a\u001bb"}""", "'name'")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/name", "value": "a\u0000"}]""", "'name'")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/description", "value": "\ud800"}]""", "surrogate")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/name", "value": 5}]""", "name")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "move", "path": "/name", "from": "/x"}]""", "move")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/name/x", "value": "a"}]""", "/name/x")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/uuid", "value": "a"}]""", "/uuid")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "value": "a"}]""", "path")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[null]""", "operation")]
    [InlineData("PATCH", "/v1/audit_templates/{template}", """[{"op": "replace", "path": "/name", "value": "a", "op": "remove"}]""", "op")]
    [InlineData("POST", "/v1/simulator/reset", """{}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": []}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": null, "instances": null}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": "x"}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": [1, 2]}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": [{}]}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """{"hosts": [null]}""", "hosts")]
    [InlineData("POST", "/v1/simulator/reset", """[]""", "object")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "0 0 31 2 *"}""", "never fires")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "0 0 30 2 *"}""", "never fires")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "0 0 0 31 2 *"}""", "never fires")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": "61 * * * *"}""", "interval")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": 1e300}""", "interval")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "CONTINUOUS", "goal": "dummy", "interval": -5}""", "interval")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "execution_policy": {"window": {"cron": "0 0 31 2 *", "duration_seconds": 60}}}""", "never")]
    [InlineData("POST", "/v1/audit_templates", """{"name": "t", "goal": "dummy", "execution_policy": {"window": {"cron": "0 0 31 2 *", "duration_seconds": 60}}}""", "never")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "sleep", "input_parameters": {"duration": -1}}]}}""", "actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration'")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "sleep", "input_parameters": {"duration": 1e308}}]}}""", "actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration'")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "sleep", "input_parameters": {"duration": "NaN"}}]}}""", "actions[0]' of strategy 'actuator' (sleep): 'input_parameters.duration'")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "nop", "input_parameters": {}}, {"action_type": "stop", "input_parameters": {"resource_id": "nope"}}]}}""", "actions[1]' of strategy 'actuator' (stop of nope): Instance nope does not exist")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "migrate", "resource_id": "nope", "input_parameters": {"migration_type": "live", "source_node": "nowhere", "destination_node": "nowhere2"}}]}}""", "actions[0]' of strategy 'actuator' (migrate of nope)")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "change_nova_service_state", "input_parameters": {"resource_id": "nowhere", "state": "disabled"}}]}}""", "actions[0]' of strategy 'actuator' (change_nova_service_state of nowhere)")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "unclassified", "strategy": "actuator", "parameters": {"actions": [{"action_type": "teleport", "input_parameters": {}}]}}""", "item 0: action_type 'teleport' is not a known action type")]
    [InlineData("POST", "/v1/audits", """{"audit_type": "ONESHOT", "goal": "dummy", "parameters": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": {"n": {"o": {"p": {"q": {"r": {"s": {"t": {"u": {"v": {"w": {"x": {"y": {"z": {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}""", "nested too deep")]
    [InlineData("GET", "/v1/audits?limit=-1", null, "limit")]
    [InlineData("GET", "/v1/audits?limit=99999999999999999999", null, "limit")]
    [InlineData("GET", "/v1/audits?sort_key=%ED%A0%80", null, "sort_key")]
    [InlineData("GET", "/v1/audits?goal=%00", null, "goal")]
    [InlineData("GET", "/v1/audits?marker=%C3%28", null, "marker")]
    public async Task Request_Malformed_Returns4xxNamingProblemAndStoresNothing(string method, string path, string? body, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        if (path.Contains("{template}", StringComparison.Ordinal))
        {
            var template = await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "existing", ["goal"] = "dummy" });
            path = path.Replace("{template}", template["uuid"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var before = await StoreShapeAsync(host);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("OpenStack-API-Version", "infra-optim latest");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;

        Assert.True(status is >= 400 and < 500, $"{method} {path} {body}: {status} {text}");
        Assert.Contains(named, ApiTestHost.Fault(JsonNode.Parse(text)), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await StoreShapeAsync(host));
    }

    [Theory]
    [InlineData("/v1/audit_templates", "name", 300_000, "'name' is 300000 characters long")]
    [InlineData("/v1/audit_templates", "name", 64, "'name' is 64 characters; at most 63")]
    [InlineData("/v1/audit_templates", "description", 256, "'description' is 256 characters; at most 255")]
    [InlineData("/v1/audits", "name", 64, "'name' is 64 characters; at most 63")]
    [InlineData("/v1/audits", "name", 300_000, "'name' is 300000 characters long")]
    [InlineData("/v1/audits", "parameters", 300_000, "'parameters.para2' is 300000 characters long")]
    public async Task Create_LongString_Returns400NamingFieldAndStoresNothing(string path, string field, int length, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        var huge = new string('n', length);
        var body = path.EndsWith("templates", StringComparison.Ordinal)
            ? new JsonObject { ["name"] = "t", ["goal"] = "dummy" }
            : new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy" };
        body[field] = field == "parameters" ? new JsonObject { ["para2"] = huge } : huge;
        var before = await StoreShapeAsync(host);

        var (status, error, _) = await host.SendAsync(HttpMethod.Post, path, body);

        Assert.Equal(400, status);
        Assert.Contains(named, ApiTestHost.Fault(error), StringComparison.Ordinal);
        Assert.Equal(before, await StoreShapeAsync(host));
    }

    [Theory]
    [InlineData(0xC3, 0x28)]
    [InlineData(0xED, 0xA0)]
    [InlineData(0xFF, 0xFE)]
    public async Task CreateTemplate_InvalidUtf8_Returns400(byte first, byte second)
    {
        await using var host = await ApiTestHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"name\": \"a").Concat(new[] { first, second }).Concat(Encoding.UTF8.GetBytes("\", \"goal\": \"dummy\"}")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await host.Client.PostAsync("/v1/audit_templates", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Empty((await host.GetOkAsync("/v1/audit_templates"))["audit_templates"]!.AsArray());
    }

    private static async Task<string> StoreShapeAsync(ApiTestHost host)
    {
        var templates = (await host.GetOkAsync("/v1/audit_templates"))["audit_templates"]!.AsArray().Count;
        var audits = (await host.GetOkAsync("/v1/audits"))["audits"]!.AsArray().Count;
        var plans = (await host.GetOkAsync("/v1/action_plans"))["action_plans"]!.AsArray().Count;
        var simulator = await host.GetOkAsync("/v1/simulator");
        return $"templates {templates}, audits {audits}, plans {plans}, simulator {simulator["hosts"]}/{simulator["instances"]}/{simulator["version"]}";
    }
}
