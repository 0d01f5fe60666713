using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>GET /v1/action_plans/{uuid} shows when a plan waiting for its window or budget will next run.</summary>
public sealed class PlanNextRunTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetPlan_NextRunAtRecorded_ShowsItAsNextRunAt(bool waiting)
    {
        await using var host = await ApiTestHost.StartAsync();
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        const string uuid = "2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b";
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Ongoing,
            NextRunAt = waiting ? new DateTimeOffset(2026, 12, 2, 22, 0, 0, TimeSpan.Zero) : null,
        });

        var plan = await host.GetOkAsync($"/v1/action_plans/{uuid}");

        Assert.Equal(waiting ? "2026-12-02T22:00:00.000000+00:00" : null, plan["next_run_at"]?.GetValue<string>());
    }
}
