using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Watcher.Functions;

/// <summary>
/// One HTTP trigger per entry of <see cref="Api.WatcherApi.Routes"/>: same name, method and template (a test checks
/// they match the local host's route table). Each delegates to <see cref="FunctionsHttp.InvokeAsync"/>.
/// </summary>
public static class HttpFunctions
{
    [Function("Health")]
    public static Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("Health", req, client, context);

    [Function("Dashboard")]
    public static Task<IActionResult> Dashboard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("Dashboard", req, client, context);

    [Function("GetStrategyState")]
    public static Task<IActionResult> GetStrategyState([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/strategies/{ident}/state")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetStrategyState", req, client, context);

    [Function("ListServices")]
    public static Task<IActionResult> ListServices([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/services")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListServices", req, client, context);

    [Function("ListScoringEngines")]
    public static Task<IActionResult> ListScoringEngines([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scoring_engines")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListScoringEngines", req, client, context);

    [Function("DeleteAuditTemplate")]
    public static Task<IActionResult> DeleteAuditTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/audit_templates/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("DeleteAuditTemplate", req, client, context);

    [Function("DeleteAudit")]
    public static Task<IActionResult> DeleteAudit([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/audits/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("DeleteAudit", req, client, context);

    [Function("DeleteActionPlan")]
    public static Task<IActionResult> DeleteActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/action_plans/{uuid}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("DeleteActionPlan", req, client, context);

    [Function("Version")]
    public static Task<IActionResult> Version([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("Version", req, client, context);

    [Function("ListGoals")]
    public static Task<IActionResult> ListGoals([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/goals")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListGoals", req, client, context);

    [Function("ListGoalsDetail")]
    public static Task<IActionResult> ListGoalsDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/goals/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListGoalsDetail", req, client, context);

    [Function("GetGoal")]
    public static Task<IActionResult> GetGoal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/goals/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetGoal", req, client, context);

    [Function("ListStrategies")]
    public static Task<IActionResult> ListStrategies([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/strategies")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListStrategies", req, client, context);

    [Function("ListStrategiesDetail")]
    public static Task<IActionResult> ListStrategiesDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/strategies/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListStrategiesDetail", req, client, context);

    [Function("GetStrategy")]
    public static Task<IActionResult> GetStrategy([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/strategies/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetStrategy", req, client, context);

    [Function("ListAuditTemplates")]
    public static Task<IActionResult> ListAuditTemplates([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audit_templates")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListAuditTemplates", req, client, context);

    [Function("ListAuditTemplatesDetail")]
    public static Task<IActionResult> ListAuditTemplatesDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audit_templates/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListAuditTemplatesDetail", req, client, context);

    [Function("GetAuditTemplate")]
    public static Task<IActionResult> GetAuditTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audit_templates/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetAuditTemplate", req, client, context);

    [Function("CreateAuditTemplate")]
    public static Task<IActionResult> CreateAuditTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/audit_templates")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("CreateAuditTemplate", req, client, context);

    [Function("ListAudits")]
    public static Task<IActionResult> ListAudits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audits")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListAudits", req, client, context);

    [Function("ListAuditsDetail")]
    public static Task<IActionResult> ListAuditsDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audits/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListAuditsDetail", req, client, context);

    [Function("GetAudit")]
    public static Task<IActionResult> GetAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audits/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetAudit", req, client, context);

    [Function("CreateAudit")]
    public static Task<IActionResult> CreateAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/audits")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("CreateAudit", req, client, context);

    [Function("PatchAudit")]
    public static Task<IActionResult> PatchAudit([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/audits/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("PatchAudit", req, client, context);

    [Function("AuditOrchestration")]
    public static Task<IActionResult> AuditOrchestration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audits/{ident}/orchestration")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("AuditOrchestration", req, client, context);

    [Function("TriggerEventAudit")]
    public static Task<IActionResult> TriggerEventAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhooks/{ident}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("TriggerEventAudit", req, client, context);

    [Function("ListActionPlans")]
    public static Task<IActionResult> ListActionPlans([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/action_plans")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListActionPlans", req, client, context);

    [Function("ListActionPlansDetail")]
    public static Task<IActionResult> ListActionPlansDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/action_plans/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListActionPlansDetail", req, client, context);

    [Function("GetActionPlan")]
    public static Task<IActionResult> GetActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/action_plans/{uuid}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetActionPlan", req, client, context);

    [Function("PatchActionPlan")]
    public static Task<IActionResult> PatchActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/action_plans/{uuid}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("PatchActionPlan", req, client, context);

    [Function("StartActionPlan")]
    public static Task<IActionResult> StartActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/action_plans/{uuid}/start")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("StartActionPlan", req, client, context);

    [Function("CancelActionPlan")]
    public static Task<IActionResult> CancelActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/action_plans/{uuid}/cancel")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("CancelActionPlan", req, client, context);

    [Function("RollbackActionPlan")]
    public static Task<IActionResult> RollbackActionPlan([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/action_plans/{uuid}/rollback")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("RollbackActionPlan", req, client, context);

    [Function("ActionPlanOrchestration")]
    public static Task<IActionResult> ActionPlanOrchestration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/action_plans/{uuid}/orchestration")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ActionPlanOrchestration", req, client, context);

    [Function("ActionPlanJournal")]
    public static Task<IActionResult> ActionPlanJournal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/action_plans/{uuid}/journal")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ActionPlanJournal", req, client, context);

    [Function("ListActions")]
    public static Task<IActionResult> ListActions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/actions")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListActions", req, client, context);

    [Function("ListActionsDetail")]
    public static Task<IActionResult> ListActionsDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/actions/detail")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ListActionsDetail", req, client, context);

    [Function("GetAction")]
    public static Task<IActionResult> GetAction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/actions/{uuid}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetAction", req, client, context);

    [Function("GetDataModel")]
    public static Task<IActionResult> GetDataModel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/data_model")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetDataModel", req, client, context);

    [Function("GetClusterSnapshot")]
    public static Task<IActionResult> GetClusterSnapshot([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/cluster_snapshot")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetClusterSnapshot", req, client, context);

    [Function("GetOrchestration")]
    public static Task<IActionResult> GetOrchestration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/orchestrations/{instanceId}")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetOrchestration", req, client, context);

    [Function("GetSimulator")]
    public static Task<IActionResult> GetSimulator([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/simulator")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("GetSimulator", req, client, context);

    [Function("SetSimulatorFaults")]
    public static Task<IActionResult> SetSimulatorFaults([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/simulator/faults")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("SetSimulatorFaults", req, client, context);

    [Function("ResetSimulator")]
    public static Task<IActionResult> ResetSimulator([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/simulator/reset")] HttpRequest req, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionsHttp.InvokeAsync("ResetSimulator", req, client, context);
}
