using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watcher.Api.Handlers;

namespace Watcher.Api;

/// <summary>
/// The route table, once for every host: the local host maps it with minimal APIs, the Functions app dispatches its
/// one catch-all trigger through it with <see cref="ApiRouteMatcher"/> (a test checks both resolve alike). <see cref="InvokeAsync"/> runs a handler with Watcher's
/// microversion headers and error mapping.
/// </summary>
public static class WatcherApi
{
    public const string MinVersion = "1.0";
    public const string MaxVersion = "1.7";

    /// <summary>How response bodies are written: readable, without escaping quotes or apostrophes.</summary>
    public static System.Text.Json.JsonSerializerOptions WriteOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Health", "GET", "health", ClusterHandlers.Health) { Summary = "Service health (storage reachable)." },
        new("Dashboard", "GET", "ui", UiHandlers.Dashboard) { Summary = "The dashboard page (HTML)." },
        new("Root", "GET", "", CatalogHandlers.Root) { Summary = "The root document: the API's major versions and microversion range." },
        new("Version", "GET", "v1", CatalogHandlers.Version) { Summary = "The v1 version document: links to every collection." },
        new("ListGoals", "GET", "v1/goals", r => CatalogHandlers.ListGoals(r, detail: false)) { Summary = "List goals.", Paged = true },
        new("ListGoalsDetail", "GET", "v1/goals/detail", r => CatalogHandlers.ListGoals(r, detail: true)) { Summary = "List goals with details.", Paged = true },
        new("GetGoal", "GET", "v1/goals/{ident}", CatalogHandlers.GetGoal) { Summary = "Show a goal by uuid or name." },
        new("ListStrategies", "GET", "v1/strategies", r => CatalogHandlers.ListStrategies(r, detail: false)) { Summary = "List strategies.", Paged = true, Query = ["goal"] },
        new("ListStrategiesDetail", "GET", "v1/strategies/detail", r => CatalogHandlers.ListStrategies(r, detail: true)) { Summary = "List strategies with details (parameters_spec).", Paged = true, Query = ["goal"] },
        new("GetStrategy", "GET", "v1/strategies/{ident}", CatalogHandlers.GetStrategy) { Summary = "Show a strategy by uuid or name." },
        new("GetStrategyState", "GET", "v1/strategies/{ident}/state", ServiceHandlers.StrategyState) { Summary = "What a strategy needs and whether it is available." },
        new("ListServices", "GET", "v1/services", ServiceHandlers.ListServices) { Summary = "List the Watcher services." },
        new("GetService", "GET", "v1/services/{ident}", ServiceHandlers.GetService) { Summary = "Show a Watcher service by id or name." },
        new("ListScoringEngines", "GET", "v1/scoring_engines", ServiceHandlers.ListScoringEngines) { Summary = "List scoring engines." },
        new("GetScoringEngine", "GET", "v1/scoring_engines/{ident}", ServiceHandlers.GetScoringEngine) { Summary = "Show a scoring engine by uuid or name." },
        new("ListAuditTemplates", "GET", "v1/audit_templates", r => AuditHandlers.ListTemplates(r, detail: false)) { Summary = "List audit templates.", Paged = true, Query = ["goal", "strategy"] },
        new("ListAuditTemplatesDetail", "GET", "v1/audit_templates/detail", r => AuditHandlers.ListTemplates(r, detail: true)) { Summary = "List audit templates with details.", Paged = true, Query = ["goal", "strategy"] },
        new("GetAuditTemplate", "GET", "v1/audit_templates/{ident}", AuditHandlers.GetTemplate) { Summary = "Show an audit template by uuid or name." },
        new("CreateAuditTemplate", "POST", "v1/audit_templates", AuditHandlers.CreateTemplate) { Summary = "Create an audit template.", Success = 201, Body = ApiBody.Object },
        new("PatchAuditTemplate", "PATCH", "v1/audit_templates/{ident}", AuditHandlers.PatchTemplate) { Summary = "Update an audit template with a JSON patch (name, description, goal, strategy, scope).", Body = ApiBody.JsonPatch },
        new("DeleteAuditTemplate", "DELETE", "v1/audit_templates/{ident}", AuditHandlers.DeleteTemplate) { Summary = "Delete an audit template.", Success = 204 },
        new("ListAudits", "GET", "v1/audits", r => AuditHandlers.ListAudits(r, detail: false)) { Summary = "List audits.", Paged = true, Query = ["goal", "strategy"] },
        new("ListAuditsDetail", "GET", "v1/audits/detail", r => AuditHandlers.ListAudits(r, detail: true)) { Summary = "List audits with details.", Paged = true, Query = ["goal", "strategy"] },
        new("GetAudit", "GET", "v1/audits/{ident}", AuditHandlers.GetAudit) { Summary = "Show an audit by uuid or name." },
        new("CreateAudit", "POST", "v1/audits", AuditHandlers.CreateAudit) { Summary = "Create an audit (ONESHOT, CONTINUOUS or EVENT).", Success = 201, Body = ApiBody.Object },
        new("PatchAudit", "PATCH", "v1/audits/{ident}", AuditHandlers.PatchAudit) { Summary = "Update an audit with a JSON patch (state, name, interval, parameters, auto_trigger, start_time, end_time).", Body = ApiBody.JsonPatch },
        new("DeleteAudit", "DELETE", "v1/audits/{ident}", AuditHandlers.DeleteAudit) { Summary = "Delete an audit.", Success = 204 },
        new("AuditOrchestration", "GET", "v1/audits/{ident}/orchestration", AuditHandlers.AuditOrchestration) { Summary = "The orchestrations that ran an audit." },
        new("TriggerEventAudit", "POST", "v1/webhooks/{ident}", AuditHandlers.TriggerEventAudit) { Summary = "Trigger an EVENT audit.", Success = 202, MinVersion = Microversions.Webhooks },
        new("ListActionPlans", "GET", "v1/action_plans", r => ActionPlanHandlers.ListPlans(r, detail: false)) { Summary = "List action plans.", Paged = true, Query = ["audit_uuid", "strategy"] },
        new("ListActionPlansDetail", "GET", "v1/action_plans/detail", r => ActionPlanHandlers.ListPlans(r, detail: true)) { Summary = "List action plans with details.", Paged = true, Query = ["audit_uuid", "strategy"] },
        new("GetActionPlan", "GET", "v1/action_plans/{uuid}", ActionPlanHandlers.GetPlan) { Summary = "Show an action plan." },
        new("PatchActionPlan", "PATCH", "v1/action_plans/{uuid}", ActionPlanHandlers.PatchPlan) { Summary = "Start or cancel an action plan with a JSON patch of /state.", Body = ApiBody.JsonPatch },
        new("DeleteActionPlan", "DELETE", "v1/action_plans/{uuid}", ActionPlanHandlers.DeletePlan) { Summary = "Delete an action plan.", Success = 204 },
        new("StartActionPlan", "POST", "v1/action_plans/{uuid}/start", ActionPlanHandlers.StartPlan) { Summary = "Start an action plan." },
        new("CancelActionPlan", "POST", "v1/action_plans/{uuid}/cancel", ActionPlanHandlers.CancelPlan) { Summary = "Cancel an action plan." },
        new("RollbackActionPlan", "POST", "v1/action_plans/{uuid}/rollback", ActionPlanHandlers.RollbackPlan) { Summary = "Roll back the executed actions of a plan.", Success = 202, Body = ApiBody.OptionalObject },
        new("ActionPlanOrchestration", "GET", "v1/action_plans/{uuid}/orchestration", ActionPlanHandlers.PlanOrchestration) { Summary = "The orchestration that runs an action plan." },
        new("ActionPlanJournal", "GET", "v1/action_plans/{uuid}/journal", ActionPlanHandlers.PlanJournal) { Summary = "The execution journal of an action plan." },
        new("ListActions", "GET", "v1/actions", r => ActionPlanHandlers.ListActions(r, detail: false)) { Summary = "List actions.", Paged = true, Query = ["action_plan_uuid", "audit_uuid"] },
        new("ListActionsDetail", "GET", "v1/actions/detail", r => ActionPlanHandlers.ListActions(r, detail: true)) { Summary = "List actions with details.", Paged = true, Query = ["action_plan_uuid", "audit_uuid"] },
        new("GetAction", "GET", "v1/actions/{uuid}", ActionPlanHandlers.GetAction) { Summary = "Show an action." },
        new("PatchAction", "PATCH", "v1/actions/{uuid}", ActionPlanHandlers.PatchAction) { Summary = "Skip a pending action (state SKIPPED, status_message the reason) with a JSON patch.", Body = ApiBody.JsonPatch, MinVersion = Microversions.SkipActions },
        new("GetDataModel", "GET", "v1/data_model", ClusterHandlers.DataModel) { Summary = "The cluster data model, scoped to an audit with audit_uuid.", Query = ["data_model_type", "audit_uuid"], MinVersion = Microversions.DataModel },
        new("GetClusterSnapshot", "GET", "v1/cluster_snapshot", ClusterHandlers.Snapshot) { Summary = "The cluster in the offline snapshot format." },
        new("GetOrchestration", "GET", "v1/orchestrations/{instanceId}", OrchestrationHandlers.Get) { Summary = "Status of an orchestration instance." },
        new("GetSimulator", "GET", "v1/simulator", ClusterHandlers.SimulatorState) { Summary = "The simulated cloud: faults and counters." },
        new("SetSimulatorFaults", "PUT", "v1/simulator/faults", ClusterHandlers.SetFaults) { Summary = "Set the simulated cloud's fault injection.", Body = ApiBody.Object },
        new("ResetSimulator", "POST", "v1/simulator/reset", ClusterHandlers.ResetSimulator) { Summary = "Reset the simulated cloud to its generated state.", Body = ApiBody.OptionalObject },
    ];

    public static ApiRoute Find(string name) => Routes.Single(r => r.Name == name);

    /// <summary>Runs a route's handler and writes the response. Known errors become Watcher's 4xx body; anything else a 500 without details.</summary>
    public static async Task InvokeAsync(ApiRoute route, ApiRequest request, ILogger logger)
    {
        var http = request.Http;
        ApiResponse response;
        try
        {
            // As Watcher: bare versions in the range headers (python-watcherclient parses them as "X.Y" to negotiate after a 406).
            http.Response.Headers["OpenStack-API-Minimum-Version"] = MinVersion;
            http.Response.Headers["OpenStack-API-Maximum-Version"] = MaxVersion;
            http.Response.Headers.Vary = "OpenStack-API-Version";
            var version = NegotiateVersion(http);
            http.Response.Headers["OpenStack-API-Version"] = $"infra-optim {version.Major}.{version.Minor}";
            request.Version = version;
            if (route.MinVersion is { } min && version < min)
            {
                throw new BadHttpRequest(406, $"{route.Method} /{route.Template} needs microversion {min.Major}.{min.Minor} or later; {version.Major}.{version.Minor} was requested.");
            }

            response = await route.Handler(request);
            Microversions.Filter(route.Template, response.Body, version);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            response = ApiErrors.FromException(ex) ?? Unexpected(ex, route, logger);
        }

        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        if (response.Raw is { } raw)
        {
            http.Response.ContentType = raw.ContentType;
            await http.Response.WriteAsync(raw.Text, http.RequestAborted);
        }
        else if (response.Body is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(response.Body.ToJsonString(WriteOptions), http.RequestAborted);
        }
    }

    /// <summary>Writes Watcher's 404 error body for a request that no route serves.</summary>
    public static Task WriteNotFoundAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = 404;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(ApiErrors.Error(404, $"No route for {http.Request.Method} {http.Request.Path}.").Body!.ToJsonString(WriteOptions), http.RequestAborted);
    }

    private static ApiResponse Unexpected(Exception ex, ApiRoute route, ILogger logger)
    {
        logger.LogError(ex, "Unhandled error in {Route}", route.Name);
        return ApiErrors.Error(500, "An internal error occurred; it has been logged.");
    }

    private static Version NegotiateVersion(HttpContext http)
    {
        var header = http.Request.Headers["OpenStack-API-Version"].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Version.Parse(MinVersion);
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var requested = parts.Length == 2 && parts[0] == "infra-optim" ? parts[1] : null;
        if (requested == "latest")
        {
            return Version.Parse(MaxVersion);
        }

        if (requested is null || !Version.TryParse(requested.Contains('.', StringComparison.Ordinal) ? requested : requested + ".0", out var v))
        {
            throw new BadHttpRequest(400, $"Invalid OpenStack-API-Version header '{header}'; expected 'infra-optim X.Y'.");
        }

        if (v < Version.Parse(MinVersion) || v > Version.Parse(MaxVersion))
        {
            throw new BadHttpRequest(406, $"Version {requested} was requested but the minor version is not supported by this service. The supported version range is: [{MinVersion}, {MaxVersion}].");
        }

        return new Version(v.Major, v.Minor);
    }
}
