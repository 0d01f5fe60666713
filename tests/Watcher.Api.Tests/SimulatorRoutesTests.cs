using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Plugins;
using Watcher.Domain.Cluster;

namespace Watcher.Api.Tests;

/// <summary>The simulator's control routes (state, faults, reset) through the application's port, and their JSON shapes.</summary>
public sealed class SimulatorRoutesTests
{
    [Fact]
    public async Task GetSimulator_FreshCluster_ReturnsCountsVersionFaultsAndExecutions()
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 5, instances: 12);

        var state = (await host.GetOkAsync("/v1/simulator")).AsObject();

        Assert.Equal(["hosts", "instances", "version", "faults", "executions"], state.Select(p => p.Key));
        Assert.Equal(5, state["hosts"]!.GetValue<int>());
        Assert.Equal(12, state["instances"]!.GetValue<int>());
        Assert.Empty(state["faults"]!.AsArray());
        Assert.Empty(state["executions"]!.AsArray());
    }

    [Fact]
    public async Task SetFaults_PartialRule_AnswersAndStoresRuleWithDefaultsInSnakeCase()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Put, "/v1/simulator/faults", JsonNode.Parse("""{"faults": [{"action_type": "migrate", "occurrence": 2}]}"""));

        Assert.Equal(200, status);
        var expected = JsonNode.Parse("""[{"action_type": "migrate", "occurrence": 2, "times": 0, "phase": "execute", "message": "injected fault", "delay_ms": 0, "fired": 0}]""");
        Assert.True(JsonNode.DeepEquals(expected, body!["faults"]), body!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, (await host.GetOkAsync("/v1/simulator"))["faults"]));
    }

    [Fact]
    public async Task SetFaults_HangRule_StoresDelay()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Put, "/v1/simulator/faults", JsonNode.Parse("""{"faults": [{"action_type": "migrate", "times": 1, "delay_ms": 60000}]}"""));

        Assert.Equal(200, status);
        Assert.Equal(60000, body!["faults"]![0]!["delay_ms"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"faults": [{"occurrence": 0}]}""")]
    [InlineData("""{"faults": [{"delay_ms": -1}]}""")]
    public async Task SetFaults_OutOfRange_Returns400(string faults)
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, _, _) = await host.SendAsync(HttpMethod.Put, "/v1/simulator/faults", JsonNode.Parse(faults));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task SetFaults_OccurrenceZero_Returns400()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, body, _) = await host.SendAsync(HttpMethod.Put, "/v1/simulator/faults", JsonNode.Parse("""{"faults": [{"occurrence": 0}]}"""));

        Assert.Equal(400, status);
        Assert.Contains("occurrence", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_WithSnapshot_ReplacesClusterAndClearsFaults()
    {
        await using var host = await ApiTestHost.StartAsync(hosts: 6, instances: 20);
        var snapshot = (await host.GetOkAsync("/v1/cluster_snapshot")).AsObject();
        var firstHost = snapshot["hosts"]![0]!["uuid"]!.GetValue<string>();
        snapshot["instances"] = new JsonArray(snapshot["instances"]!.AsArray().Where(i => i!["host"]!.GetValue<string>() != firstHost).Select(i => i!.DeepClone()).ToArray());
        var remaining = snapshot["instances"]!.AsArray().Count;
        await host.SendAsync(HttpMethod.Put, "/v1/simulator/faults", JsonNode.Parse("""{"faults": [{"action_type": "*"}]}"""));

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, "/v1/simulator/reset", snapshot);

        Assert.Equal(200, status);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["hosts"] = 6, ["instances"] = remaining }, body), body!.ToJsonString());
        var state = await host.GetOkAsync("/v1/simulator");
        Assert.Equal(remaining, state["instances"]!.GetValue<int>());
        Assert.Empty(state["faults"]!.AsArray());
    }

    [Theory]
    [InlineData("GET", "/v1/simulator", null)]
    [InlineData("PUT", "/v1/simulator/faults", """{"faults": []}""")]
    [InlineData("POST", "/v1/simulator/reset", null)]
    public async Task SimulatorRoutes_AnotherCloudSelected_Return404NamingTheSimulator(string method, string path, string? body)
    {
        await using var host = await ApiTestHost.StartAsync(configure: builder =>
        {
            builder.Configuration["Watcher:Cloud"] = OtherCloud.CloudName;
            builder.Services.AddCloud<OtherCloud>(OtherCloud.CloudName);
        });

        var (status, error, _) = await host.SendAsync(new HttpMethod(method), path, body is null ? null : JsonNode.Parse(body));

        Assert.Equal(404, status);
        Assert.Contains("simulator is not the selected cloud", ApiTestHost.Fault(error), StringComparison.Ordinal);
    }

    /// <summary>A cloud other than the simulator, selectable by name; its cluster is empty.</summary>
    private sealed class OtherCloud : Domain.Actions.ICloud
    {
        public const string CloudName = "other";

        public string Name => CloudName;

        public Task<ClusterModel> GetClusterAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ClusterModel([], [], [], []));
    }
}
