using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>GET /v1/action_plans/{uuid} shows a history-based plan's projected weekly profiles; the list leaves them out.</summary>
public sealed class ProjectedProfilesApiTests
{
    [Fact]
    public async Task GetPlan_ProjectedProfilesRecorded_ShowsThemInDetailOnly()
    {
        await using var host = await ApiTestHost.StartAsync();
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        const string uuid = "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        var before = Enumerable.Repeat(20.0, 168).ToArray();
        before[8] = 100;
        var after = Enumerable.Repeat(20.0, 168).ToArray();
        after[8] = 75;
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "periodic_contention_balance",
            State = ActionPlanState.Recommended,
            ProjectedProfiles = [new ProjectedProfile("uuid-A", "A", "instance_cpu_usage", before, after, 80)],
        });

        var plan = await host.GetOkAsync($"/v1/action_plans/{uuid}");
        var list = await host.GetOkAsync("/v1/action_plans");

        var profile = Assert.Single(plan["projected_profiles"]!.AsArray())!.AsObject();
        Assert.Equal("uuid-A", profile["host_uuid"]!.GetValue<string>());
        Assert.Equal("A", profile["hostname"]!.GetValue<string>());
        Assert.Equal("instance_cpu_usage", profile["metric"]!.GetValue<string>());
        Assert.Equal(80, profile["threshold"]!.GetValue<double>());
        Assert.Equal(168, profile["before"]!.AsArray().Count);
        Assert.Equal(100, profile["before"]![8]!.GetValue<double>());
        Assert.Equal(75, profile["after"]![8]!.GetValue<double>());
        var listed = list["action_plans"]!.AsArray().Single(p => p!["uuid"]!.GetValue<string>() == uuid)!.AsObject();
        Assert.False(listed.ContainsKey("projected_profiles"));
    }

    [Fact]
    public async Task GetPlan_NoProfiles_ShowsAnEmptyList()
    {
        await using var host = await ApiTestHost.StartAsync();
        const string uuid = "7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
        await host.Services.GetRequiredService<WatcherRepository>().CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Recommended,
        });

        var plan = await host.GetOkAsync($"/v1/action_plans/{uuid}");

        Assert.Empty(plan["projected_profiles"]!.AsArray());
    }
}
