using System.Text.Json.Nodes;
using Watcher.Api.Contracts;
using Watcher.Domain.Errors;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Persistence;
using Watcher.Orchestrations;

namespace Watcher.Api.Handlers;

/// <summary>Action plans (start, cancel, rollback, status) and actions.</summary>
public static class ActionPlanHandlers
{
    private static readonly Dictionary<string, Func<ActionPlan, IComparable?>> PlanKeys = new()
    {
        ["created_at"] = p => p.CreatedAt,
        ["updated_at"] = p => p.UpdatedAt,
        ["uuid"] = p => p.Uuid,
        ["state"] = p => p.State.ToString(),
        ["audit_uuid"] = p => p.AuditUuid,
        ["strategy_name"] = p => p.StrategyName,
        ["hostname"] = p => p.Hostname,
    };

    private static readonly Dictionary<string, Func<WatcherAction, IComparable?>> ActionKeys = new()
    {
        ["created_at"] = a => a.CreatedAt,
        ["updated_at"] = a => a.UpdatedAt,
        ["uuid"] = a => a.Uuid,
        ["state"] = a => a.State.ToString(),
        ["action_type"] = a => a.ActionType,
        ["action_plan_uuid"] = a => a.ActionPlanUuid,
    };

    public static async Task<ApiResponse> ListPlans(ApiRequest r, bool detail)
    {
        var filters = new List<IndexFilter>();
        if (r.Query("audit_uuid") is { } audit)
        {
            var found = await r.Repository.FindAuditUuidAsync(audit, r.Http.RequestAborted) ?? throw new NotFoundException("Audit", audit);
            filters.Add(IndexFilter.On("audit_uuid", found));
        }

        if (r.Query("strategy") is { } strategy)
        {
            Lookups.RequireStrategy(r, strategy);
            filters.Add(new IndexFilter(["strategy_name", "strategy_uuid"], strategy));
        }

        return ApiResponse.Ok(await Paging.PageAsync<ActionPlan>(r, "action_plans", filters, p => p.Uuid, PlanKeys, p => Views.Plan(p, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> GetPlan(ApiRequest r) =>
        ApiResponse.Ok(Views.Plan(await r.Repository.GetPlanSummaryAsync(r.Route("uuid"), r.Http.RequestAborted), r.BaseUrl, detail: true));

    public static async Task<ApiResponse> StartPlan(ApiRequest r) =>
        ApiResponse.Ok(Views.Plan(await r.Plans.StartAsync(r.Route("uuid"), r.Http.RequestAborted), r.BaseUrl, detail: true));

    public static async Task<ApiResponse> CancelPlan(ApiRequest r) =>
        ApiResponse.Ok(Views.Plan(await r.Plans.CancelAsync(r.Route("uuid"), r.Http.RequestAborted), r.BaseUrl, detail: true));

    /// <summary>
    /// Rolls back a finished plan; an optional body <c>{"actions": [uuid, ...], "dry_run": false, "force": false}</c>
    /// picks which actions (their dependents follow), previews instead (200, nothing runs), or forces a rollback past
    /// drift (the drifted actions are skipped and listed in <c>rollback_skipped</c>).
    /// </summary>
    public static async Task<ApiResponse> RollbackPlan(ApiRequest r)
    {
        var body = new RollbackRequest();
        if (r.Http.Request.ContentLength is > 0 || r.Http.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await r.ReadBodyAsync<RollbackRequest>("rollback");
        }

        if (body.DryRun == true)
        {
            return ApiResponse.Ok(Views.ToJson(Views.RollbackPreviewView(await r.Rollbacks.PreviewAsync(r.Route("uuid"), body.Actions, r.Http.RequestAborted)), detail: true));
        }

        var started = await r.Rollbacks.StartAsync(r.Route("uuid"), body.Actions, body.Force == true, r.Http.RequestAborted);
        var view = Views.Plan(started.Plan, r.BaseUrl, detail: true);
        view["rollback_instance_id"] = started.InstanceId;
        view["rollback_skipped"] = new JsonArray([.. started.Skipped.Select(s => (JsonNode)new JsonObject { ["uuid"] = s.ActionUuid, ["reason"] = s.Reason })]);
        return ApiResponse.Accepted(view);
    }

    /// <summary>Watcher's PATCH of <c>/state</c>: PENDING starts, CANCELLED/CANCELLING cancels.</summary>
    public static async Task<ApiResponse> PatchPlan(ApiRequest r)
    {
        var uuid = r.Route("uuid");
        var patch = await r.ReadJsonAsync<JsonArray>();
        var state = BodyFields.Enum(BodyFields.PatchState(patch, "an action plan"), "state", ActionPlanState.Pending);
        var plan = state switch
        {
            ActionPlanState.Pending => await r.Plans.StartAsync(uuid, r.Http.RequestAborted),
            ActionPlanState.Cancelled or ActionPlanState.Cancelling => await r.Plans.CancelAsync(uuid, r.Http.RequestAborted),
            _ => throw new ValidationException($"An action plan's state can be set to PENDING, CANCELLING or CANCELLED, not {StateMachine<ActionPlanState>.Name(state)}."),
        };
        return ApiResponse.Ok(Views.Plan(plan, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> PlanOrchestration(ApiRequest r)
    {
        var plan = await r.Repository.GetPlanAsync(r.Route("uuid"), r.Http.RequestAborted);
        var instances = new JsonArray();
        if (await r.Workflows.GetStatusAsync(TaskNames.PlanInstanceId(plan.Uuid), r.Http.RequestAborted) is { } execution)
        {
            instances.Add(OrchestrationHandlers.Describe(execution));
        }

        for (var n = 1; n <= plan.RollbackCount; n++)
        {
            if (await r.Workflows.GetStatusAsync(TaskNames.RollbackInstanceId(plan.Uuid, n), r.Http.RequestAborted) is { } rollback)
            {
                instances.Add(OrchestrationHandlers.Describe(rollback));
            }
        }

        return ApiResponse.Ok(new JsonObject
        {
            ["action_plan_uuid"] = plan.Uuid,
            ["state"] = StateMachine<ActionPlanState>.Name(plan.State),
            ["actions"] = new JsonObject(plan.Actions.GroupBy(a => StateMachine<ActionState>.Name(a.State)).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
            ["orchestrations"] = instances,
        });
    }

    public static async Task<ApiResponse> PlanJournal(ApiRequest r)
    {
        var plan = await r.Repository.GetPlanAsync(r.Route("uuid"), r.Http.RequestAborted);
        var entries = await r.Repository.ReadJournalAsync(plan.Uuid, r.Http.RequestAborted);
        return ApiResponse.Ok(new JsonObject
        {
            ["action_plan_uuid"] = plan.Uuid,
            ["journal"] = new JsonArray(entries.Select(e => (JsonNode)new JsonObject
            {
                ["at"] = Views.Time(e.At),
                ["event"] = e.Event,
                ["action_uuid"] = e.ActionUuid,
                ["detail"] = e.Detail,
            }).ToArray()),
        });
    }

    /// <summary>
    /// Up to <paramref name="limit"/> actions after <paramref name="marker"/> of the plans that are not deleted, in plan
    /// order (created_at, then uuid) and graph order within a plan, which is the actions' created_at order (an action is
    /// created with its plan). Walks the plan index a page at a time and reads only the plans it needs. Null when the
    /// marker is not an action of such a plan.
    /// </summary>
    private static async Task<(IReadOnlyList<WatcherAction> Items, bool More)?> ActionsAfterAsync(ApiRequest r, string? marker, int limit)
    {
        var ct = r.Http.RequestAborted;
        var items = new List<WatcherAction>();
        string? afterPlan = null;
        if (marker is not null)
        {
            ActionPlan plan;
            try
            {
                plan = await r.Repository.WithActionsAsync(await r.Repository.GetPlanOfActionAsync(marker, ct), ct);
            }
            catch (NotFoundException)
            {
                return null;
            }

            if (plan.State == ActionPlanState.Deleted || plan.FindAction(marker) is null)
            {
                return null;
            }

            items.AddRange(plan.Actions.SkipWhile(a => a.Uuid != marker).Skip(1));
            afterPlan = plan.Uuid;
        }

        while (items.Count <= limit)
        {
            var page = await r.Repository.QueryPageAsync<ActionPlan>(WatcherRepository.ActionPlans, [], afterPlan, Math.Clamp(limit + 1 - items.Count, 1, 1000), ct);
            if (page is null)
            {
                return null; // The marker's plan was deleted meanwhile.
            }

            // A list view that says its plan has no actions saves reading the plan (continuous audits leave many such plans).
            foreach (var plan in await Task.WhenAll(page.Items.Where(p => p.ListedActionCount is not 0).Select(p => r.Repository.GetPlanAsync(p.Uuid, ct))))
            {
                if (plan.State != ActionPlanState.Deleted)
                {
                    items.AddRange(plan.Actions);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                break;
            }

            afterPlan = page.Items[^1].Uuid;
        }

        return (items.Take(limit).ToList(), items.Count > limit);
    }

    public static async Task<ApiResponse> ListActions(ApiRequest r, bool detail)
    {
        var planFilter = r.Query("action_plan_uuid");
        var auditFilter = r.Query("audit_uuid");
        if (planFilter is not null && auditFilter is not null)
        {
            throw new ValidationException("Filter by action_plan_uuid or audit_uuid, not both.");
        }

        // A plan filter reads that plan, an audit filter its plans (through the index). Without a filter, the default
        // order pages through the plan index and reads only the plans of the page; another order reads every plan.
        IEnumerable<ActionPlan> plans;
        if (planFilter is not null)
        {
            plans = [await Lookups.FindPlanAsync(r, planFilter)];
        }
        else if (auditFilter is not null)
        {
            var audit = await Lookups.FindAuditAsync(r, auditFilter);
            plans = await r.Repository.ListPlansOfAuditAsync(audit.Uuid, r.Http.RequestAborted);
        }
        else if (r.Query("sort_key") is null or "created_at" or "id" && r.Query("sort_dir") is null or "asc")
        {
            return ApiResponse.Ok(await Paging.PageInDefaultOrderAsync<WatcherAction>(r, "actions", (marker, limit) => ActionsAfterAsync(r, marker, limit), a => a.Uuid, a => Views.Action(a, r.BaseUrl, detail), detail));
        }
        else
        {
            plans = (await r.Repository.ListPlansAsync(r.Http.RequestAborted)).Where(p => p.State != ActionPlanState.Deleted);
        }

        // A large plan's actions are stored apart from it (read only for the plans listed).
        plans = await Task.WhenAll(plans.Select(p => r.Repository.WithActionsAsync(p, r.Http.RequestAborted)));

        // Within a plan, keep graph order (parents before children) unless a sort key is asked for.
        var actions = plans.SelectMany(p => p.Actions.Select((a, i) => (Action: a, Index: i)))
            .OrderBy(x => x.Action.CreatedAt).ThenBy(x => x.Action.ActionPlanUuid, StringComparer.Ordinal).ThenBy(x => x.Index)
            .Select(x => x.Action);
        if (r.Query("sort_key") is null)
        {
            var list = actions.ToList();
            var position = list.Select((a, i) => (a.Uuid, i)).ToDictionary(x => x.Uuid, x => (IComparable?)x.i, StringComparer.Ordinal);
            var keys = new Dictionary<string, Func<WatcherAction, IComparable?>>(ActionKeys) { ["created_at"] = a => position[a.Uuid] };
            return ApiResponse.Ok(Paging.Page(r, "actions", list, a => a.Uuid, keys, a => Views.Action(a, r.BaseUrl, detail), detail));
        }

        return ApiResponse.Ok(Paging.Page(r, "actions", actions, a => a.Uuid, ActionKeys, a => Views.Action(a, r.BaseUrl, detail), detail));
    }

    public static async Task<ApiResponse> DeletePlan(ApiRequest r)
    {
        await r.Plans.DeleteAsync(r.Route("uuid"), r.Http.RequestAborted);
        return ApiResponse.NoContent();
    }

    /// <summary>
    /// Watcher 1.5's action PATCH: <c>replace /state</c> SKIPPED with an optional <c>/status_message</c> (the reason),
    /// while the plan is RECOMMENDED or PENDING; a SKIPPED action's reason can be changed alone.
    /// </summary>
    public static async Task<ApiResponse> PatchAction(ApiRequest r)
    {
        var (plan, action) = await r.Repository.GetActionAsync(r.Route("uuid"), r.Http.RequestAborted);
        if (plan.State == ActionPlanState.Deleted)
        {
            throw new NotFoundException("Action", action.Uuid);
        }

        var patch = JsonPatch.Parse(await r.ReadJsonAsync<JsonArray>(), "an action", "state", "status_message");
        string? reason = action.StatusMessage;
        var skip = action.State == ActionState.Skipped;
        foreach (var op in patch)
        {
            var value = new JsonObject { [op.Field] = op.Value?.DeepClone() };
            if (op.Field == "status_message")
            {
                reason = op.IsRemove ? null : BodyFields.String(value, "status_message");
                continue;
            }

            var state = op.IsRemove ? null : BodyFields.String(value, "state");
            if (BodyFields.Enum(state ?? throw new ValidationException("The new state must be a string."), "state", ActionState.Pending) != ActionState.Skipped)
            {
                throw new ValidationException($"An action's state can only be set to SKIPPED, not {state}.");
            }

            skip = true;
        }

        if (!skip)
        {
            throw new ValidationException($"The status_message of action {action.Uuid} can be changed only when it is SKIPPED (it is {StateMachine<ActionState>.Name(action.State)}).");
        }

        var updated = await r.Plans.SkipActionAsync(action.Uuid, reason, r.Http.RequestAborted);
        return ApiResponse.Ok(Views.Action(updated, r.BaseUrl, detail: true));
    }

    public static async Task<ApiResponse> GetAction(ApiRequest r)
    {
        var (plan, action) = await r.Repository.GetActionAsync(r.Route("uuid"), r.Http.RequestAborted);
        if (plan.State == ActionPlanState.Deleted)
        {
            throw new NotFoundException("Action", action.Uuid);
        }

        return ApiResponse.Ok(Views.Action(action, r.BaseUrl, detail: true));
    }
}
