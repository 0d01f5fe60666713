using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;

namespace Watcher.Api.Tests;

/// <summary>POST /v1/action_plans/{uuid}/rollback refuses a plan that has nothing to undo.</summary>
public sealed class RollbackEndpointTests
{
    [Fact]
    public async Task Rollback_EmptySucceededPlan_Returns409NothingToRollBack()
    {
        await using var host = await ApiTestHost.StartAsync();
        var repository = host.Services.GetRequiredService<WatcherRepository>();
        const string uuid = "8d6f3c1e-2b9a-4c37-9e51-0a7b6c5d4e3f";
        await repository.CreatePlanAsync(new ActionPlan
        {
            Uuid = uuid,
            AuditUuid = "a",
            StrategyUuid = "s",
            StrategyName = "dummy",
            State = ActionPlanState.Succeeded,
        });

        var (status, body, _) = await host.SendAsync(HttpMethod.Post, $"/v1/action_plans/{uuid}/rollback", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(409, status);
        Assert.Contains("Nothing to roll back", ApiTestHost.Fault(body), StringComparison.Ordinal);
        Assert.Equal(ActionPlanState.Succeeded, (await repository.GetPlanAsync(uuid)).State);
    }
}
