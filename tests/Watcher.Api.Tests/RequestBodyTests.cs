using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.Api.Tests;

/// <summary>Request bodies, in memory: what is not a JSON value of the right kind and size is a 400 naming the problem.</summary>
public sealed class RequestBodyTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{\"name\": ", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    public async Task CreateTemplate_BadBody_Returns400NamingProblem(string body, string named)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/v1/audit_templates", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(named, ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTemplate_BodyOverLimit_Returns400NamingLimit()
    {
        await using var host = await ApiTestHost.StartAsync();
        var big = "{\"name\": \"" + new string('x', ApiRequest.MaxBodyBytes) + "\"}";
        using var content = new StringContent(big, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/v1/audit_templates", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains($"larger than {ApiRequest.MaxBodyBytes} bytes", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTemplate_ValidBody_Returns201WithLocation()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body, response) = await host.SendAsync(HttpMethod.Post, "/v1/audit_templates", new JsonObject { ["name"] = "t", ["goal"] = "dummy", ["description"] = "é ünïcode" });

        Assert.Equal(201, status);
        Assert.Equal("é ünïcode", body!["description"]!.GetValue<string>());
        Assert.EndsWith($"/v1/audit_templates/{body["uuid"]}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
