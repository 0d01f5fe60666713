using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Errors;
using Watcher.Domain.Metrics;
using Watcher.Domain.Strategies;

namespace Watcher.Api.Handlers;

/// <summary>Watcher's service, scoring engine and strategy state views, so Watcher's client commands for them work.</summary>
public static class ServiceHandlers
{
    private static readonly string[] ServiceNames = ["watcher-api", "watcher-decision-engine", "watcher-applier"];

    /// <summary>The three Watcher services, all served by this process.</summary>
    public static Task<ApiResponse> ListServices(ApiRequest r) =>
        Task.FromResult(ApiResponse.Ok(new JsonObject { ["services"] = new JsonArray(ServiceNames.Select((_, i) => (JsonNode)Service(r, i)).ToArray()) }));

    /// <summary>One service by id or name (as Watcher's <c>service show</c>).</summary>
    public static Task<ApiResponse> GetService(ApiRequest r)
    {
        var id = r.Route("ident");
        var index = Array.FindIndex(ServiceNames, n => n == id || (Array.IndexOf(ServiceNames, n) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) == id);
        return index < 0 ? throw new NotFoundException("Service", id) : Task.FromResult(ApiResponse.Ok(Service(r, index)));
    }

    /// <summary>No scoring engines are used: every strategy is deterministic.</summary>
    public static Task<ApiResponse> ListScoringEngines(ApiRequest r) =>
        Task.FromResult(ApiResponse.Ok(new JsonObject { ["scoring_engines"] = new JsonArray() }));

    /// <summary>A scoring engine by uuid or name: there are none, so always a 404 naming it.</summary>
    public static Task<ApiResponse> GetScoringEngine(ApiRequest r) =>
        throw new NotFoundException("ScoringEngine", r.Route("ident"));

    /// <summary>What a strategy needs and whether it is available: datasource, metrics, cluster data model.</summary>
    public static Task<ApiResponse> StrategyState(ApiRequest r)
    {
        var id = r.Route("ident");
        var strategy = r.Strategies.Find(id) ?? throw new NotFoundException("Strategy", id);
        var source = r.Http.RequestServices.GetService<IMetricsSource>();
        var metrics = strategy.RequiredMetrics.Count == 0 ? "none required" : string.Join(", ", strategy.RequiredMetrics);
        JsonObject Row(string type, string state, bool mandatory, string comment) =>
            new() { ["type"] = type, ["state"] = state, ["mandatory"] = mandatory, ["comment"] = comment };
        var rows = new JsonArray(
            Row("Datasource", source?.Name ?? "none", true, source is null ? "no metrics source configured" : string.Empty),
            Row("Metrics", metrics, true, string.Empty),
            Row("CDM", "compute: available", true, string.Empty),
            Row("Name", strategy.Name, false, string.Empty));
        return Task.FromResult(ApiResponse.Ok(rows));
    }

    private static JsonObject Service(ApiRequest r, int index) => new()
    {
        ["id"] = index + 1,
        ["name"] = ServiceNames[index],
        ["host"] = Environment.MachineName,
        ["status"] = "ACTIVE",
        ["last_seen_up"] = Views.Time(DateTimeOffset.UtcNow),
        ["links"] = Views.Links(r.BaseUrl, "services", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };
}
