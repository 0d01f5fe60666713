using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>
/// <c>POST /v1/action_plans/{uuid}/rollback</c> made safe: a dry run answers the preview (200, nothing runs), drift is
/// a 409 listing each action and why, and force skips it. The plan moved vm1 from h1 to h2 and vm2 from h1 to h3.
/// </summary>
public sealed class RollbackSafetyEndpointTests
{
    private const string Plan = "5b1f0c2e-7d4a-4e8b-9c3f-1a2b3c4d5e6f";

    [Fact]
    public async Task Rollback_DryRun_Returns200PreviewAndRunsNothing()
    {
        await using var host = await StartAsync(vm1On: "h2");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{Plan}/rollback", new JsonObject { ["dry_run"] = true });

        Assert.True(status == 200, body?.ToJsonString());
        Assert.Equal(Plan, body!["action_plan_uuid"]!.GetValue<string>());
        Assert.True(body["allowed"]!.GetValue<bool>());
        Assert.Null(body["refusal"]);
        var actions = body["actions"]!.AsArray();
        Assert.Equal(["m2", "m1"], actions.Select(a => a!["uuid"]!.GetValue<string>()));
        Assert.All(actions, a =>
        {
            Assert.Equal("migrate", a!["action_type"]!.GetValue<string>());
            Assert.Equal(0, a["wave"]!.GetValue<int>());
            Assert.Empty(a["depends_on"]!.AsArray());
            Assert.Equal("ok", a["verdict"]!.GetValue<string>());
            Assert.Null(a["reason"]);
        });
        Assert.Empty(body["drift"]!.AsArray());
        Assert.Equal(ActionPlanState.Succeeded, (await host.Services.GetRequiredService<WatcherRepository>().GetPlanAsync(Plan)).State);
    }

    [Fact]
    public async Task Rollback_DryRunAfterInstanceMoved_ShowsDriftAndNotAllowed()
    {
        await using var host = await StartAsync(vm1On: "h3");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{Plan}/rollback", new JsonObject { ["dry_run"] = true, ["actions"] = new JsonArray("m1") });

        Assert.Equal(200, status);
        Assert.False(body!["allowed"]!.GetValue<bool>());
        var drift = Assert.Single(body["drift"]!.AsArray())!;
        Assert.Equal(("m1", "drift"), (drift["uuid"]!.GetValue<string>(), drift["verdict"]!.GetValue<string>()));
        Assert.Contains("is on h3, not on h2", drift["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_AfterInstanceMoved_Returns409ListingTheDriftAndStartsNothing()
    {
        await using var host = await StartAsync(vm1On: "h3");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{Plan}/rollback", new JsonObject());

        Assert.Equal(409, status);
        var fault = ApiTestHost.Fault(body);
        Assert.Contains("the cluster changed since the plan ran", fault, StringComparison.Ordinal);
        Assert.Contains("migrate m1: Instance uuid-vm1 is on h3, not on h2 where the action put it.", fault, StringComparison.Ordinal);
        var stored = await host.Services.GetRequiredService<WatcherRepository>().GetPlanAsync(Plan);
        Assert.Equal((ActionPlanState.Succeeded, 0), (stored.State, stored.RollbackCount));
    }

    [Fact]
    public async Task Rollback_AfterInstanceMovedForced_Returns202ListingWhatItSkips()
    {
        await using var host = await StartAsync(vm1On: "h3");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{Plan}/rollback", new JsonObject { ["force"] = true });

        Assert.True(status == 202, body?.ToJsonString());
        Assert.Equal("ROLLING_BACK", body!["state"]!.GetValue<string>());
        var skipped = Assert.Single(body["rollback_skipped"]!.AsArray())!;
        Assert.Equal("m1", skipped["uuid"]!.GetValue<string>());
        Assert.Contains("is on h3", skipped["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_DryRunNotABoolean_Returns400NamingIt()
    {
        await using var host = await StartAsync(vm1On: "h2");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{Plan}/rollback", new JsonObject { ["dry_run"] = "maybe" });

        Assert.Equal(400, status);
        Assert.Contains("'dry_run' must be a boolean", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    private static async Task<ApiTestHost> StartAsync(string vm1On)
    {
        var host = await ApiTestHost.StartAsync();
        await host.Services.GetRequiredService<ISimulatorControl>().ResetAsync(new ClusterModel(
            [Node("h1"), Node("h2"), Node("h3")],
            [Vm("vm1", vm1On), Vm("vm2", "h3")]));
        await host.Services.GetRequiredService<WatcherRepository>().CreatePlanAsync(new ActionPlan
        {
            Uuid = Plan,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "host_maintenance",
            State = ActionPlanState.Succeeded,
            Actions = [Migration("m1", "vm1", "h2", 1), Migration("m2", "vm2", "h3", 2)],
        });
        return host;
    }

    private static WatcherAction Migration(string id, string vm, string to, int sequence) => new()
    {
        Uuid = id,
        ActionPlanUuid = Plan,
        ActionType = "migrate",
        State = ActionState.Succeeded,
        CompletionSequence = sequence,
        InputParameters = new JsonObject { ["resource_id"] = "uuid-" + vm, ["migration_type"] = "live", ["source_node"] = "h1", ["destination_node"] = to },
        RevertData = new JsonObject { ["source_node_uuid"] = "uuid-h1" },
    };

    private static ComputeNode Node(string name) => new() { Uuid = "uuid-" + name, Hostname = name, VCpus = 16, MemoryMb = 32768, DiskGb = 500 };

    private static Instance Vm(string name, string host) => new()
    {
        Uuid = "uuid-" + name, Name = name, HostUuid = "uuid-" + host, VCpus = 2, MemoryMb = 4096, DiskGb = 40, State = InstanceState.Active,
    };
}
