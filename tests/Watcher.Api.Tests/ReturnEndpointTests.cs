using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;
using Watcher.Domain.Strategies.Builtin;
using static Watcher.Testing.TestClusters;

namespace Watcher.Api.Tests;

/// <summary>POST /v1/action_plans/{uuid}/return: 201 with the return plan, 409 with the reason, 404 for an unknown plan.</summary>
public sealed class ReturnEndpointTests
{
    private const string MaintenanceUuid = "5b0c7e0e-8d2f-4a55-9f41-3c2b1a0d9e8f";

    /// <summary>Stores a SUCCEEDED host_maintenance plan that drained A (i1, i2) and sets the simulated cloud to the state after it, i1 deleted since.</summary>
    private static async Task StoreMaintenanceAsync(ApiTestHost host)
    {
        var cluster = new ClusterModel([Node("A"), Node("B"), Node("C")], [Vm("i1", "A"), Vm("i2", "A")]);
        var strategy = new HostMaintenanceStrategy();
        var parameters = strategy.Parameters.Resolve(new JsonObject { ["maintenance_node"] = "A" }, strategy.Name);
        var audit = new Audit { Uuid = "audit-m", Name = "m", GoalUuid = "g", GoalName = GoalCatalog.ClusterMaintaining, StrategyUuid = StrategyRegistry.UuidOf(strategy), StrategyName = strategy.Name, Parameters = parameters, State = AuditState.Succeeded };
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var plan = PlanBuilder.Build(MaintenanceUuid, audit, strategy, strategy.Execute(new StrategyContext(cluster, parameters)), new ConflictPlanner(cluster), now);
        var state = new ClusterState(cluster);
        plan = plan with
        {
            State = ActionPlanState.Succeeded,
            Actions = plan.Actions.Select((a, i) =>
            {
                ActionCatalog.Default.Get(a.ActionType).Apply(state, a.InputParameters);
                return a with { State = ActionState.Succeeded, UpdatedAt = now.AddSeconds(i + 1) };
            }).ToList(),
        };
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        await repository.CreateAuditAsync(audit);
        await repository.CreatePlanAsync(plan);
        var after = state.ToModel();
        await host.Services.GetRequiredService<ISimulatorControl>().ResetAsync(new ClusterModel(after.Hosts, after.Instances.Where(i => i.Uuid != "uuid-i1").ToList()));
    }

    [Fact]
    public async Task Return_SucceededMaintenancePlan_Returns201WithReturnPlanAndSkippedWarnings()
    {
        await using var host = await ApiTestHost.StartAsync();
        await StoreMaintenanceAsync(host);

        var (status, body, response) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{MaintenanceUuid}/return");

        Assert.True(status == 201, body?.ToJsonString());
        Assert.Equal(MaintenanceUuid, body!["return_of"]!.GetValue<string>());
        Assert.Equal("RECOMMENDED", body["state"]!.GetValue<string>());
        Assert.Equal("host_maintenance", body["strategy_name"]!.GetValue<string>());
        var warning = Assert.Single(body["warnings"]!.AsArray());
        Assert.Contains("uuid-i1", warning!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("deleted", warning.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith($"/v1/action_plans/{body["uuid"]!.GetValue<string>()}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var maintenance = await host.GetOkAsync($"/v1/action_plans/{MaintenanceUuid}");
        Assert.Equal("A", maintenance["maintained_host"]!.GetValue<string>());
    }

    [Fact]
    public async Task Return_TwiceWhileFirstIsLive_Returns409NamingIt()
    {
        await using var host = await ApiTestHost.StartAsync();
        await StoreMaintenanceAsync(host);
        var (_, first, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{MaintenanceUuid}/return");

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{MaintenanceUuid}/return");

        Assert.Equal(409, status);
        Assert.Contains(first!["uuid"]!.GetValue<string>(), ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_NotAMaintenancePlan_Returns409()
    {
        await using var host = await ApiTestHost.StartAsync();
        const string uuid = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
        await host.Services.GetRequiredService<WatcherRepository>().CreatePlanAsync(new ActionPlan { Uuid = uuid, AuditUuid = "a", StrategyUuid = "s", StrategyName = "dummy", State = ActionPlanState.Succeeded });

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{uuid}/return");

        Assert.Equal(409, status);
        Assert.Contains("only a host_maintenance plan", ApiTestHost.Fault(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_UnknownPlan_Returns404()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (status, _, _) = await host.SendAsync(HttpMethod.Post, "/v1/action_plans/9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b/return");

        Assert.Equal(404, status);
    }
}
