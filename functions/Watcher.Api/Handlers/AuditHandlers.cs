using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Orchestrations;
using Watcher.Orchestrations.Contracts;

namespace Watcher.Api.Handlers;

/// <summary>Audit templates and audits.</summary>
public static class AuditHandlers
{
    private static readonly Dictionary<string, Func<AuditTemplate, IComparable?>> TemplateKeys = new()
    {
        ["created_at"] = t => t.CreatedAt,
        ["name"] = t => t.Name,
        ["uuid"] = t => t.Uuid,
        ["updated_at"] = t => t.UpdatedAt,
        ["description"] = t => t.Description,
        ["goal_name"] = t => t.GoalName,
        ["strategy_name"] = t => t.StrategyName,
    };

    private static readonly Dictionary<string, Func<Audit, IComparable?>> AuditKeys = new()
    {
        ["created_at"] = a => a.CreatedAt,
        ["updated_at"] = a => a.UpdatedAt,
        ["name"] = a => a.Name,
        ["uuid"] = a => a.Uuid,
        ["state"] = a => a.State.ToString(),
        ["audit_type"] = a => a.AuditType.ToString(),
        ["goal_name"] = a => a.GoalName,
        ["strategy_name"] = a => a.StrategyName,
        ["auto_trigger"] = a => a.AutoTrigger,
        ["interval"] = a => a.Interval,
        ["next_run_time"] = a => a.NextRunTime,
        ["hostname"] = a => a.Hostname,
        ["start_time"] = a => a.StartTime,
        ["end_time"] = a => a.EndTime,
        ["force"] = a => a.Force,
    };

    public static async Task<ApiResponse> ListTemplates(ApiRequest r, bool detail)
    {
        IEnumerable<AuditTemplate> templates = await r.Repository.ListTemplatesAsync(r.Http.RequestAborted);
        if (r.Query("goal") is { } goal)
        {
            templates = templates.Where(t => t.GoalName == goal || t.GoalUuid == goal);
        }

        if (r.Query("strategy") is { } strategy)
        {
            templates = templates.Where(t => t.StrategyName == strategy || t.StrategyUuid == strategy);
        }

        return ApiResponse.Ok(Paging.Page(r, "audit_templates", templates, t => t.Uuid, TemplateKeys, t => Views.Template(t, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> GetTemplate(ApiRequest r)
    {
        var id = r.Route("ident");
        var template = (await r.Repository.ListTemplatesAsync(r.Http.RequestAborted)).FirstOrDefault(t => t.Uuid == id || t.Name == id)
            ?? throw new NotFoundException("AuditTemplate", id);
        return ApiResponse.Ok(Views.Template(template, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> CreateTemplate(ApiRequest r)
    {
        var body = await r.ReadJsonAsync<JsonObject>();
        BodyFields.AllowOnly(body, "audit template", "name", "description", "goal", "strategy", "scope");
        var template = await r.Operations.CreateTemplateAsync(new AuditTemplateRequest
        {
            Name = BodyFields.String(body, "name"),
            Description = BodyFields.String(body, "description"),
            Goal = BodyFields.String(body, "goal"),
            Strategy = BodyFields.String(body, "strategy"),
            Scope = BodyFields.Array(body, "scope"),
        }, r.Http.RequestAborted);
        return ApiResponse.Created(Views.Template(template, r.BaseUrl, detail: true), $"{r.BaseUrl}/v1/audit_templates/{template.Uuid}");
    }

    public static async Task<ApiResponse> ListAudits(ApiRequest r, bool detail)
    {
        IEnumerable<Audit> audits = await r.Repository.ListAuditsAsync(r.Http.RequestAborted);
        if (r.Query("goal") is { } goal)
        {
            audits = audits.Where(a => a.GoalName == goal || a.GoalUuid == goal);
        }

        if (r.Query("strategy") is { } strategy)
        {
            audits = audits.Where(a => a.StrategyName == strategy || a.StrategyUuid == strategy);
        }

        return ApiResponse.Ok(Paging.Page(r, "audits", audits.Where(a => a.State != AuditState.Deleted), a => a.Uuid, AuditKeys, a => Views.Audit(a, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> GetAudit(ApiRequest r) =>
        ApiResponse.Ok(Views.Audit(await FindAuditAsync(r), r.BaseUrl, detail: true));

    public static async Task<ApiResponse> CreateAudit(ApiRequest r)
    {
        var body = await r.ReadJsonAsync<JsonObject>();
        BodyFields.AllowOnly(body, "audit", "audit_type", "name", "goal", "strategy", "audit_template_uuid", "parameters", "interval", "auto_trigger", "force", "start_time", "end_time");
        var audit = await r.Operations.CreateAuditAsync(new AuditRequest
        {
            AuditType = BodyFields.Enum(BodyFields.String(body, "audit_type") ?? throw new ValidationException("'audit_type' is required: ONESHOT, CONTINUOUS or EVENT."), "audit_type", AuditType.Oneshot),
            Name = BodyFields.String(body, "name"),
            Goal = BodyFields.String(body, "goal"),
            Strategy = BodyFields.String(body, "strategy"),
            AuditTemplateUuid = BodyFields.String(body, "audit_template_uuid"),
            Parameters = BodyFields.Object(body, "parameters"),
            Interval = BodyFields.StringOrNumber(body, "interval"),
            AutoTrigger = BodyFields.Bool(body, "auto_trigger") ?? false,
            Force = BodyFields.Bool(body, "force") ?? false,
            StartTime = BodyFields.Time(body, "start_time"),
            EndTime = BodyFields.Time(body, "end_time"),
        }, r.Http.RequestAborted);
        return ApiResponse.Created(Views.Audit(audit, r.BaseUrl, detail: true), $"{r.BaseUrl}/v1/audits/{audit.Uuid}");
    }

    public static async Task<ApiResponse> PatchAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var patch = await r.ReadJsonAsync<JsonArray>();
        var state = BodyFields.Enum(BodyFields.PatchState(patch, "an audit"), "state", AuditState.Pending);
        var updated = await r.Operations.ChangeAuditStateAsync(audit.Uuid, state, r.Http.RequestAborted);
        return ApiResponse.Ok(Views.Audit(updated, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> DeleteAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        await r.Operations.DeleteAuditAsync(audit.Uuid, r.Http.RequestAborted);
        return ApiResponse.NoContent();
    }

    public static async Task<ApiResponse> DeleteTemplate(ApiRequest r)
    {
        var id = r.Route("ident");
        var template = (await r.Repository.ListTemplatesAsync(r.Http.RequestAborted)).FirstOrDefault(t => t.Uuid == id || t.Name == id)
            ?? throw new NotFoundException("AuditTemplate", id);
        await r.Operations.DeleteTemplateAsync(template.Uuid, r.Http.RequestAborted);
        return ApiResponse.NoContent();
    }

    public static async Task<ApiResponse> TriggerEventAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var instance = await r.Operations.TriggerEventAuditAsync(audit.Uuid, r.Http.RequestAborted);
        return ApiResponse.Accepted(new JsonObject { ["audit_uuid"] = audit.Uuid, ["instance_id"] = instance });
    }

    public static async Task<ApiResponse> AuditOrchestration(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var runs = new JsonArray();
        for (var run = 1; run <= Math.Max(1, audit.RunCount); run++)
        {
            if (await r.Operations.GetOrchestrationAsync(TaskNames.AuditInstanceId(audit.Uuid, run), r.Http.RequestAborted) is { } meta)
            {
                runs.Add(OrchestrationHandlers.Describe(meta));
            }
        }

        return ApiResponse.Ok(new JsonObject { ["audit_uuid"] = audit.Uuid, ["state"] = StateMachine<AuditState>.Name(audit.State), ["orchestrations"] = runs });
    }

    private static async Task<Audit> FindAuditAsync(ApiRequest r)
    {
        var id = r.Route("ident");
        var direct = await r.Repository.Store.GetAsync<Audit>(Domain.Persistence.WatcherRepository.Audits, id, r.Http.RequestAborted);
        var audit = direct?.Value ?? (await r.Repository.ListAuditsAsync(r.Http.RequestAborted)).FirstOrDefault(a => a.Name == id && a.State != AuditState.Deleted);
        return audit is not null && audit.State != AuditState.Deleted ? audit : throw new NotFoundException("Audit", id);
    }
}
