using System.Text.Json.Nodes;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;
using Watcher.Api.Contracts;
using Watcher.Application.Requests;

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
        var filters = new List<IndexFilter>();
        if (r.Query("goal") is { } goal)
        {
            Lookups.RequireGoal(goal);
            filters.Add(new IndexFilter(["goal_name", "goal_uuid"], goal));
        }

        if (r.Query("strategy") is { } strategy)
        {
            Lookups.RequireStrategy(r, strategy);
            filters.Add(new IndexFilter(["strategy_name", "strategy_uuid"], strategy));
        }

        return ApiResponse.Ok(await Paging.PageAsync<AuditTemplate>(r, "audit_templates", filters, t => t.Uuid, TemplateKeys, t => Views.Template(t, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> GetTemplate(ApiRequest r) =>
        ApiResponse.Ok(Views.Template(await Lookups.FindTemplateAsync(r, r.Route("ident")), r.BaseUrl, detail: true));

    /// <summary>Watcher's JSON patch of an audit template: name, description, goal, strategy and scope, validated as on create.</summary>
    public static async Task<ApiResponse> PatchTemplate(ApiRequest r)
    {
        var template = await Lookups.FindTemplateAsync(r, r.Route("ident"));
        var patch = JsonPatch.Parse(await r.ReadJsonAsync<JsonArray>(), "an audit template", "name", "description", "goal", "strategy", "scope", "default_parameters", "execution_policy");
        if (patch.Any(o => o.Field == "default_parameters"))
        {
            r.RequireVersion(Microversions.TemplateDefaults, "'default_parameters'");
        }

        if (patch.Any(o => o.Field == "execution_policy"))
        {
            r.RequireVersion(Microversions.ExecutionPolicies, "'execution_policy'");
        }

        var desired = new AuditTemplateRequest
        {
            Name = template.Name,
            Description = template.Description,
            Goal = template.GoalUuid,
            Strategy = template.StrategyUuid,
            Scope = (JsonArray)template.Scope.DeepClone(),
            DefaultParameters = (JsonObject?)template.DefaultParameters?.DeepClone(),
            ExecutionPolicy = template.ExecutionPolicy,
        };
        foreach (var op in patch)
        {
            desired = op.Field switch
            {
                "name" => desired with { Name = op.IsRemove ? null : PatchString(op) },
                "description" => desired with { Description = op.IsRemove ? null : PatchString(op) },
                "goal" => desired with { Goal = op.IsRemove ? null : PatchString(op), Strategy = patch.Any(o => o.Field == "strategy") ? desired.Strategy : null },
                "strategy" => desired with { Strategy = op.IsRemove ? null : PatchString(op) },
                "default_parameters" => desired with { DefaultParameters = op.IsRemove ? null : op.Value as JsonObject ?? throw new ValidationException("'default_parameters' must be an object.") },
                "execution_policy" => desired with { ExecutionPolicy = op.IsRemove ? null : PatchPolicy(op) },
                _ => desired with { Scope = op.IsRemove ? [] : op.Value as JsonArray ?? throw new ValidationException("'scope' must be a list.") },
            };
        }

        var updated = await r.Templates.UpdateAsync(template.Uuid, desired, r.Http.RequestAborted);
        return ApiResponse.Ok(Views.Template(updated, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> CreateTemplate(ApiRequest r)
    {
        var body = await r.ReadBodyAsync<CreateAuditTemplateRequest>("audit template");
        if (body.DefaultParameters is not null)
        {
            r.RequireVersion(Microversions.TemplateDefaults, "'default_parameters'");
        }

        if (body.ExecutionPolicy is not null)
        {
            r.RequireVersion(Microversions.ExecutionPolicies, "'execution_policy'");
        }

        var template = await r.Templates.CreateAsync(new AuditTemplateRequest
        {
            Name = body.Name,
            Description = body.Description,
            Goal = body.Goal,
            Strategy = body.Strategy,
            Scope = body.Scope,
            DefaultParameters = body.DefaultParameters,
            ExecutionPolicy = ExecutionPolicies.FromRequest(body.ExecutionPolicy),
        }, r.Http.RequestAborted);
        return ApiResponse.Created(Views.Template(template, r.BaseUrl, detail: true), $"{r.BaseUrl}/v1/audit_templates/{template.Uuid}");
    }

    public static async Task<ApiResponse> ListAudits(ApiRequest r, bool detail)
    {
        var filters = new List<IndexFilter>();
        if (r.Query("goal") is { } goal)
        {
            Lookups.RequireGoal(goal);
            filters.Add(new IndexFilter(["goal_name", "goal_uuid"], goal));
        }

        if (r.Query("strategy") is { } strategy)
        {
            Lookups.RequireStrategy(r, strategy);
            filters.Add(new IndexFilter(["strategy_name", "strategy_uuid"], strategy));
        }

        return ApiResponse.Ok(await Paging.PageAsync<Audit>(r, "audits", filters, a => a.Uuid, AuditKeys, a => Views.Audit(a, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> GetAudit(ApiRequest r) =>
        ApiResponse.Ok(Views.Audit(await FindAuditAsync(r), r.BaseUrl, detail: true));

    public static async Task<ApiResponse> CreateAudit(ApiRequest r)
    {
        var body = await r.ReadBodyAsync<CreateAuditRequest>("audit");
        if (body.StartTime is not null || body.EndTime is not null)
        {
            r.RequireVersion(Microversions.StartEndTime, "'start_time' and 'end_time'");
        }

        if (body.Force is not null)
        {
            r.RequireVersion(Microversions.Force, "'force'");
        }

        if (body.ExecutionPolicy is not null)
        {
            r.RequireVersion(Microversions.ExecutionPolicies, "'execution_policy'");
        }

        var audit = await r.Audits.CreateAsync(new AuditRequest
        {
            AuditType = BodyFields.Enum(body.AuditType ?? throw new ValidationException("'audit_type' is required: ONESHOT, CONTINUOUS or EVENT."), "audit_type", AuditType.Oneshot),
            Name = body.Name,
            Goal = body.Goal,
            Strategy = body.Strategy,
            AuditTemplateUuid = body.AuditTemplateUuid,
            Parameters = body.Parameters,
            Interval = body.Interval,
            AutoTrigger = body.AutoTrigger ?? false,
            ExecutionPolicy = ExecutionPolicies.FromRequest(body.ExecutionPolicy),
            Force = body.Force ?? false,
            StartTime = BodyFields.ParseTime(body.StartTime, "start_time"),
            EndTime = BodyFields.ParseTime(body.EndTime, "end_time"),
        }, r.Http.RequestAborted);
        return ApiResponse.Created(Views.Audit(audit, r.BaseUrl, detail: true), $"{r.BaseUrl}/v1/audits/{audit.Uuid}");
    }

    /// <summary>
    /// Watcher's JSON patch of an audit: <c>/state</c> (CANCELLED, SUSPENDED, ONGOING), and name, interval, parameters,
    /// auto_trigger, start_time and end_time, validated as on create (400 naming the problem).
    /// </summary>
    public static async Task<ApiResponse> PatchAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var patch = JsonPatch.Parse(await r.ReadJsonAsync<JsonArray>(), "an audit", "state", "name", "interval", "parameters", "auto_trigger", "start_time", "end_time");
        var desired = new AuditRequest
        {
            AuditType = audit.AuditType,
            Name = audit.Name,
            Parameters = (JsonObject)audit.Parameters.DeepClone(),
            Interval = audit.Interval,
            AutoTrigger = audit.AutoTrigger,
            Force = audit.Force,
            StartTime = audit.StartTime,
            EndTime = audit.EndTime,
        };
        AuditState? state = null;
        foreach (var op in patch)
        {
            var value = new JsonObject { [op.Field] = op.Value?.DeepClone() };
            switch (op.Field)
            {
                case "state":
                    state = op.IsRemove
                        ? throw new ValidationException("'/state' can't be removed.")
                        : BodyFields.Enum(BodyFields.String(value, "state") ?? throw new ValidationException("The new state must be a string."), "state", AuditState.Pending);
                    break;
                case "name":
                    desired = desired with { Name = op.IsRemove ? null : BodyFields.String(value, "name") };
                    break;
                case "interval":
                    desired = desired with { Interval = op.IsRemove ? null : BodyFields.StringOrNumber(value, "interval") };
                    break;
                case "parameters":
                    desired = desired with { Parameters = op.IsRemove ? null : BodyFields.Object(value, "parameters") };
                    break;
                case "auto_trigger":
                    desired = desired with { AutoTrigger = !op.IsRemove && (BodyFields.Bool(value, "auto_trigger") ?? false) };
                    break;
                case "start_time":
                    r.RequireVersion(Microversions.StartEndTime, "'start_time'");
                    desired = desired with { StartTime = op.IsRemove ? null : BodyFields.Time(value, "start_time") };
                    break;
                default:
                    r.RequireVersion(Microversions.StartEndTime, "'end_time'");
                    desired = desired with { EndTime = op.IsRemove ? null : BodyFields.Time(value, "end_time") };
                    break;
            }
        }

        var updated = audit;
        if (patch.Any(o => o.Field != "state"))
        {
            updated = await r.Audits.UpdateAsync(audit.Uuid, desired, r.Http.RequestAborted);
        }

        if (state is { } target)
        {
            updated = await r.Audits.ChangeStateAsync(audit.Uuid, target, r.Http.RequestAborted);
        }

        return ApiResponse.Ok(Views.Audit(updated, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> DeleteAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        await r.Audits.DeleteAsync(audit.Uuid, r.Http.RequestAborted);
        return ApiResponse.NoContent();
    }

    public static async Task<ApiResponse> DeleteTemplate(ApiRequest r)
    {
        var template = await Lookups.FindTemplateAsync(r, r.Route("ident"));
        await r.Templates.DeleteAsync(template.Uuid, r.Http.RequestAborted);
        return ApiResponse.NoContent();
    }

    public static async Task<ApiResponse> TriggerEventAudit(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var instance = await r.Audits.TriggerEventAsync(audit.Uuid, r.Http.RequestAborted);
        return ApiResponse.Accepted(new JsonObject { ["audit_uuid"] = audit.Uuid, ["instance_id"] = instance });
    }

    public static async Task<ApiResponse> AuditOrchestration(ApiRequest r)
    {
        var audit = await FindAuditAsync(r);
        var runs = new JsonArray();
        for (var run = 1; run <= Math.Max(1, audit.RunCount); run++)
        {
            if (await r.Workflows.GetStatusAsync(TaskNames.AuditInstanceId(audit.Uuid, run), r.Http.RequestAborted) is { } meta)
            {
                runs.Add(OrchestrationHandlers.Describe(meta));
            }
        }

        return ApiResponse.Ok(new JsonObject { ["audit_uuid"] = audit.Uuid, ["state"] = StateMachine<AuditState>.Name(audit.State), ["orchestrations"] = runs });
    }

    private static Task<Audit> FindAuditAsync(ApiRequest r) => Lookups.FindAuditAsync(r, r.Route("ident"));

    /// <summary>A PATCH's new execution_policy, bound as on create (so messages name <c>execution_policy.field</c>).</summary>
    private static Watcher.Domain.Execution.ExecutionPolicy? PatchPolicy(PatchOperation op) =>
        op.Value is JsonObject value
            ? ExecutionPolicies.FromRequest(ApiRequestBodies.Bind<CreateAuditTemplateRequest>(new JsonObject { ["execution_policy"] = value.DeepClone() }, "audit template").ExecutionPolicy)
            : throw new ValidationException("'execution_policy' must be an object.");

    private static string PatchString(PatchOperation op) =>
        op.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new ValidationException($"'{op.Field}' must be a string.");
}
