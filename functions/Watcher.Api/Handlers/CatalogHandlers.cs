using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Api.Handlers;

/// <summary>Goals and strategies: read-only catalogs.</summary>
public static class CatalogHandlers
{
    private static readonly Dictionary<string, Func<Goal, IComparable?>> GoalKeys = new()
    {
        ["created_at"] = g => g.Name,
        ["name"] = g => g.Name,
        ["uuid"] = g => g.Uuid,
        ["display_name"] = g => g.DisplayName,
    };

    private static readonly Dictionary<string, Func<IStrategy, IComparable?>> StrategyKeys = new()
    {
        ["created_at"] = s => s.Name,
        ["name"] = s => s.Name,
        ["uuid"] = s => StrategyRegistry.UuidOf(s),
        ["display_name"] = s => s.DisplayName,
        ["goal_name"] = s => s.GoalName,
    };

    public static Task<ApiResponse> ListGoals(ApiRequest r, bool detail) =>
        Task.FromResult(ApiResponse.Ok(Paging.Page(r, "goals", GoalCatalog.All, g => g.Uuid, GoalKeys, g => Views.Goal(g, r.BaseUrl, detail), detail)));

    public static Task<ApiResponse> GetGoal(ApiRequest r)
    {
        var id = r.Route("ident");
        var goal = GoalCatalog.Find(id) ?? throw new NotFoundException("Goal", id);
        return Task.FromResult(ApiResponse.Ok(Views.Goal(goal, r.BaseUrl, detail: true)));
    }

    public static Task<ApiResponse> ListStrategies(ApiRequest r, bool detail)
    {
        IEnumerable<IStrategy> strategies = r.Strategies.All;
        if (r.Query("goal") is { } goalFilter)
        {
            var goal = GoalCatalog.Find(goalFilter) ?? throw new ValidationException($"Goal '{goalFilter}' does not exist.");
            strategies = strategies.Where(s => s.GoalName == goal.Name);
        }

        return Task.FromResult(ApiResponse.Ok(Paging.Page(r, "strategies", strategies, StrategyRegistry.UuidOf, StrategyKeys, s => Views.Strategy(s, r.BaseUrl, detail), detail)));
    }

    public static Task<ApiResponse> GetStrategy(ApiRequest r)
    {
        var id = r.Route("ident");
        var strategy = r.Strategies.Find(id) ?? throw new NotFoundException("Strategy", id);
        return Task.FromResult(ApiResponse.Ok(Views.Strategy(strategy, r.BaseUrl, detail: true)));
    }

    /// <summary>Watcher's root document (<c>GET /</c>): the API's name and its one major version, v1, with the microversion range.</summary>
    public static Task<ApiResponse> Root(ApiRequest r)
    {
        JsonObject V1() => new()
        {
            ["id"] = "v1",
            ["status"] = "CURRENT",
            ["max_version"] = WatcherApi.MaxVersion,
            ["min_version"] = WatcherApi.MinVersion,
            ["links"] = new JsonArray(new JsonObject { ["href"] = $"{r.BaseUrl}/v1/", ["rel"] = "self" }),
        };
        return Task.FromResult(ApiResponse.Ok(new JsonObject
        {
            ["name"] = "OpenStack Watcher API",
            ["description"] = "Watcher is an OpenStack project which aims to improve physical resources usage through better VM placement.",
            ["versions"] = new JsonArray(V1()),
            ["default_version"] = V1(),
        }));
    }

    /// <summary>The v1 version document.</summary>
    public static Task<ApiResponse> Version(ApiRequest r)
    {
        JsonObject Link(string collection) => new() { ["href"] = $"{r.BaseUrl}/v1/{collection}/", ["rel"] = "self" };
        return Task.FromResult(ApiResponse.Ok(new JsonObject
        {
            ["id"] = "v1",
            ["media_types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.watcher.v1+json" }),
            ["links"] = new JsonArray(new JsonObject { ["href"] = $"{r.BaseUrl}/v1/", ["rel"] = "self" }),
            ["goals"] = new JsonArray(Link("goals")),
            ["strategies"] = new JsonArray(Link("strategies")),
            ["audit_templates"] = new JsonArray(Link("audit_templates")),
            ["audits"] = new JsonArray(Link("audits")),
            ["action_plans"] = new JsonArray(Link("action_plans")),
            ["actions"] = new JsonArray(Link("actions")),
            ["data_model"] = new JsonArray(Link("data_model")),
        }));
    }
}
