using Watcher.Api.Contracts;
using Watcher.Api.Handlers;

namespace Watcher.Api.Routes;

/// <summary>Route group: Audit templates, audits and the webhook that triggers an EVENT audit. Adding a route of this resource touches only this list.</summary>
public static class AuditRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("ListAuditTemplates", "GET", "v1/audit_templates", r => AuditHandlers.ListTemplates(r, detail: false)) { Summary = "List audit templates.", Paged = true, Query = ["goal", "strategy"], ResponseType = typeof(AuditTemplateView) },
        new("ListAuditTemplatesDetail", "GET", "v1/audit_templates/detail", r => AuditHandlers.ListTemplates(r, detail: true)) { Summary = "List audit templates with details.", Paged = true, Query = ["goal", "strategy"], ResponseType = typeof(AuditTemplateView) },
        new("GetAuditTemplate", "GET", "v1/audit_templates/{ident}", AuditHandlers.GetTemplate) { Summary = "Show an audit template by uuid or name.", ResponseType = typeof(AuditTemplateView) },
        new("CreateAuditTemplate", "POST", "v1/audit_templates", AuditHandlers.CreateTemplate) { Summary = "Create an audit template.", Success = 201, Body = ApiBody.Object, RequestType = typeof(CreateAuditTemplateRequest), ResponseType = typeof(AuditTemplateView) },
        new("PatchAuditTemplate", "PATCH", "v1/audit_templates/{ident}", AuditHandlers.PatchTemplate) { Summary = "Update an audit template with a JSON patch (name, description, goal, strategy, scope, default_parameters from 1.7).", Body = ApiBody.JsonPatch, ResponseType = typeof(AuditTemplateView) },
        new("DeleteAuditTemplate", "DELETE", "v1/audit_templates/{ident}", AuditHandlers.DeleteTemplate) { Summary = "Delete an audit template.", Success = 204 },
        new("ListAudits", "GET", "v1/audits", r => AuditHandlers.ListAudits(r, detail: false)) { Summary = "List audits.", Paged = true, Query = ["goal", "strategy"], ResponseType = typeof(AuditView) },
        new("ListAuditsDetail", "GET", "v1/audits/detail", r => AuditHandlers.ListAudits(r, detail: true)) { Summary = "List audits with details.", Paged = true, Query = ["goal", "strategy"], ResponseType = typeof(AuditView) },
        new("GetAudit", "GET", "v1/audits/{ident}", AuditHandlers.GetAudit) { Summary = "Show an audit by uuid or name.", ResponseType = typeof(AuditView) },
        new("CreateAudit", "POST", "v1/audits", AuditHandlers.CreateAudit) { Summary = "Create an audit (ONESHOT, CONTINUOUS or EVENT).", Success = 201, Body = ApiBody.Object, RequestType = typeof(CreateAuditRequest), ResponseType = typeof(AuditView) },
        new("PatchAudit", "PATCH", "v1/audits/{ident}", AuditHandlers.PatchAudit) { Summary = "Update an audit with a JSON patch (state, name, interval, parameters, auto_trigger, start_time, end_time).", Body = ApiBody.JsonPatch, ResponseType = typeof(AuditView) },
        new("DeleteAudit", "DELETE", "v1/audits/{ident}", AuditHandlers.DeleteAudit) { Summary = "Delete an audit.", Success = 204 },
        new("AuditOrchestration", "GET", "v1/audits/{ident}/orchestration", AuditHandlers.AuditOrchestration) { Summary = "The orchestrations that ran an audit." },
        new("TriggerEventAudit", "POST", "v1/webhooks/{ident}", AuditHandlers.TriggerEventAudit) { Summary = "Trigger an EVENT audit.", Success = 202, MinVersion = Microversions.Webhooks },
    ];
}
