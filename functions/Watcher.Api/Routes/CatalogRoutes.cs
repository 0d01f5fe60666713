using Watcher.Api.Contracts;
using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: The root and version documents, goals and strategies. Adding a route of this resource touches only this list.</summary>
public static class CatalogRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("Root", "GET", "", CatalogHandlers.Root) { Summary = "The root document: the API's major versions and microversion range." },
        new("Version", "GET", "v1", CatalogHandlers.Version) { Summary = "The v1 version document: links to every collection." },
        new("ListGoals", "GET", "v1/goals", r => CatalogHandlers.ListGoals(r, detail: false)) { Summary = "List goals.", Paged = true, ResponseType = typeof(GoalView) },
        new("ListGoalsDetail", "GET", "v1/goals/detail", r => CatalogHandlers.ListGoals(r, detail: true)) { Summary = "List goals with details.", Paged = true, ResponseType = typeof(GoalView) },
        new("GetGoal", "GET", "v1/goals/{ident}", CatalogHandlers.GetGoal) { Summary = "Show a goal by uuid or name.", ResponseType = typeof(GoalView) },
        new("ListStrategies", "GET", "v1/strategies", r => CatalogHandlers.ListStrategies(r, detail: false)) { Summary = "List strategies.", Paged = true, Query = ["goal"], ResponseType = typeof(StrategyView) },
        new("ListStrategiesDetail", "GET", "v1/strategies/detail", r => CatalogHandlers.ListStrategies(r, detail: true)) { Summary = "List strategies with details (parameters_spec).", Paged = true, Query = ["goal"], ResponseType = typeof(StrategyView) },
        new("GetStrategy", "GET", "v1/strategies/{ident}", CatalogHandlers.GetStrategy) { Summary = "Show a strategy by uuid or name.", ResponseType = typeof(StrategyView) },
        new("GetStrategyState", "GET", "v1/strategies/{ident}/state", ServiceHandlers.StrategyState) { Summary = "What a strategy needs and whether it is available." },
    ];
}
