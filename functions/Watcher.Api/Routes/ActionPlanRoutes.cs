using Watcher.Api.Contracts;
using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: Action plans (start, cancel, rollback, orchestration, journal) and their actions. Adding a route of this resource touches only this list.</summary>
public static class ActionPlanRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("ListActionPlans", "GET", "v1/action_plans", r => ActionPlanHandlers.ListPlans(r, detail: false)) { Summary = "List action plans.", Paged = true, Query = ["audit_uuid", "strategy"], ResponseType = typeof(ActionPlanView) },
        new("ListActionPlansDetail", "GET", "v1/action_plans/detail", r => ActionPlanHandlers.ListPlans(r, detail: true)) { Summary = "List action plans with details.", Paged = true, Query = ["audit_uuid", "strategy"], ResponseType = typeof(ActionPlanView) },
        new("GetActionPlan", "GET", "v1/action_plans/{uuid}", ActionPlanHandlers.GetPlan) { Summary = "Show an action plan.", ResponseType = typeof(ActionPlanView) },
        new("PatchActionPlan", "PATCH", "v1/action_plans/{uuid}", ActionPlanHandlers.PatchPlan) { Summary = "Start or cancel an action plan with a JSON patch of /state.", Body = ApiBody.JsonPatch, ResponseType = typeof(ActionPlanView) },
        new("DeleteActionPlan", "DELETE", "v1/action_plans/{uuid}", ActionPlanHandlers.DeletePlan) { Summary = "Delete an action plan.", Success = 204 },
        new("StartActionPlan", "POST", "v1/action_plans/{uuid}/start", ActionPlanHandlers.StartPlan) { Summary = "Start an action plan.", ResponseType = typeof(ActionPlanView) },
        new("CancelActionPlan", "POST", "v1/action_plans/{uuid}/cancel", ActionPlanHandlers.CancelPlan) { Summary = "Cancel an action plan.", ResponseType = typeof(ActionPlanView) },
        new("RollbackActionPlan", "POST", "v1/action_plans/{uuid}/rollback", ActionPlanHandlers.RollbackPlan) { Summary = "Roll back the executed actions of a plan (409 listing the drift unless forced), or preview the rollback with dry_run (200).", Success = 202, Body = ApiBody.OptionalObject, RequestType = typeof(RollbackRequest), AlsoReturns = new Dictionary<int, Type> { [200] = typeof(RollbackPreviewView) } },
        new("ReturnActionPlan", "POST", "v1/action_plans/{uuid}/return", ReturnPlanHandlers.CreateReturnPlan) { Summary = "Create the return plan of a succeeded host_maintenance plan: it moves the instances back to the maintained node (skipped ones are listed in its warnings).", Success = 201, ResponseType = typeof(ActionPlanView) },
        new("ActionPlanOrchestration", "GET", "v1/action_plans/{uuid}/orchestration", ActionPlanHandlers.PlanOrchestration) { Summary = "The orchestration that runs an action plan." },
        new("ActionPlanJournal", "GET", "v1/action_plans/{uuid}/journal", ActionPlanHandlers.PlanJournal) { Summary = "The execution journal of an action plan." },
        new("ListActions", "GET", "v1/actions", r => ActionPlanHandlers.ListActions(r, detail: false)) { Summary = "List actions.", Paged = true, Query = ["action_plan_uuid", "audit_uuid"], ResponseType = typeof(ActionView) },
        new("ListActionsDetail", "GET", "v1/actions/detail", r => ActionPlanHandlers.ListActions(r, detail: true)) { Summary = "List actions with details.", Paged = true, Query = ["action_plan_uuid", "audit_uuid"], ResponseType = typeof(ActionView) },
        new("GetAction", "GET", "v1/actions/{uuid}", ActionPlanHandlers.GetAction) { Summary = "Show an action.", ResponseType = typeof(ActionView) },
        new("PatchAction", "PATCH", "v1/actions/{uuid}", ActionPlanHandlers.PatchAction) { Summary = "Skip a pending action (state SKIPPED, status_message the reason) with a JSON patch.", Body = ApiBody.JsonPatch, MinVersion = Microversions.SkipActions, ResponseType = typeof(ActionView) },
    ];
}
