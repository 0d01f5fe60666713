using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: Watcher's services and scoring engines. Adding a route of this resource touches only this list.</summary>
public static class ServiceRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("ListServices", "GET", "v1/services", ServiceHandlers.ListServices) { Summary = "List the Watcher services." },
        new("GetService", "GET", "v1/services/{ident}", ServiceHandlers.GetService) { Summary = "Show a Watcher service by id or name." },
        new("ListScoringEngines", "GET", "v1/scoring_engines", ServiceHandlers.ListScoringEngines) { Summary = "List scoring engines." },
        new("GetScoringEngine", "GET", "v1/scoring_engines/{ident}", ServiceHandlers.GetScoringEngine) { Summary = "Show a scoring engine by uuid or name." },
    ];
}
