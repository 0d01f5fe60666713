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
    public static Task<ApiResponse> ListServices(ApiRequest r)
    {
        var now = Views.Time(DateTimeOffset.UtcNow);
        var services = ServiceNames.Select((name, i) => (JsonNode)new JsonObject
        {
            ["id"] = i + 1,
            ["name"] = name,
            ["host"] = Environment.MachineName,
            ["status"] = "ACTIVE",
            ["last_seen_up"] = now,
            ["links"] = Views.Links(r.BaseUrl, "services", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).ToArray();
        return Task.FromResult(ApiResponse.Ok(new JsonObject { ["services"] = new JsonArray(services) }));
    }

    /// <summary>No scoring engines are used: every strategy is deterministic.</summary>
    public static Task<ApiResponse> ListScoringEngines(ApiRequest r) =>
        Task.FromResult(ApiResponse.Ok(new JsonObject { ["scoring_engines"] = new JsonArray() }));

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
}
