using System.Globalization;
using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Strategies;

namespace Watcher.Api;

/// <summary>Watcher v1 JSON shapes of each resource, in list (summary) and detail form.</summary>
public static class Views
{
    public static JsonArray Links(string baseUrl, string collection, string id) =>
    [
        new JsonObject { ["href"] = $"{baseUrl}/v1/{collection}/{id}", ["rel"] = "self" },
        new JsonObject { ["href"] = $"{baseUrl}/{collection}/{id}", ["rel"] = "bookmark" },
    ];

    public static JsonObject Goal(Goal goal, string baseUrl, bool detail)
    {
        var o = new JsonObject
        {
            ["uuid"] = goal.Uuid,
            ["name"] = goal.Name,
            ["display_name"] = goal.DisplayName,
            ["efficacy_specification"] = new JsonArray(goal.EfficacySpecification.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["description"] = s.Description,
                ["unit"] = s.Unit,
                ["schema"] = s.Schema,
            }).ToArray()),
            ["links"] = Links(baseUrl, "goals", goal.Uuid),
        };
        if (detail)
        {
            AddTimestamps(o, DateTimeOffset.UnixEpoch, null);
        }

        return o;
    }

    public static JsonObject Strategy(IStrategy strategy, string baseUrl, bool detail)
    {
        var goal = GoalCatalog.Find(strategy.GoalName)!;
        var o = new JsonObject
        {
            ["uuid"] = StrategyRegistry.UuidOf(strategy),
            ["name"] = strategy.Name,
            ["display_name"] = strategy.DisplayName,
            ["goal_uuid"] = goal.Uuid,
            ["goal_name"] = goal.Name,
            ["links"] = Links(baseUrl, "strategies", StrategyRegistry.UuidOf(strategy)),
        };
        if (detail)
        {
            o["parameters_spec"] = strategy.Parameters.ToJsonSchema();
        }

        return o;
    }

    public static JsonObject Template(AuditTemplate t, string baseUrl, bool detail)
    {
        var o = new JsonObject
        {
            ["uuid"] = t.Uuid,
            ["name"] = t.Name,
            ["goal_uuid"] = t.GoalUuid,
            ["goal_name"] = t.GoalName,
            ["strategy_uuid"] = t.StrategyUuid,
            ["strategy_name"] = t.StrategyName,
            ["scope"] = t.Scope.DeepClone(),
            ["links"] = Links(baseUrl, "audit_templates", t.Uuid),
        };
        if (detail)
        {
            o["description"] = t.Description;
            AddTimestamps(o, t.CreatedAt, t.UpdatedAt);
        }

        return o;
    }

    public static JsonObject Audit(Audit a, string baseUrl, bool detail)
    {
        var o = new JsonObject
        {
            ["uuid"] = a.Uuid,
            ["name"] = a.Name,
            ["audit_type"] = Upper(a.AuditType.ToString()),
            ["state"] = StateMachine<AuditState>.Name(a.State),
            ["goal_uuid"] = a.GoalUuid,
            ["goal_name"] = a.GoalName,
            ["strategy_uuid"] = a.StrategyUuid,
            ["strategy_name"] = a.StrategyName,
            ["interval"] = a.Interval,
            ["scope"] = a.Scope.DeepClone(),
            ["auto_trigger"] = a.AutoTrigger,
            ["next_run_time"] = Time(a.NextRunTime),
            ["links"] = Links(baseUrl, "audits", a.Uuid),
        };
        if (detail)
        {
            o["parameters"] = a.Parameters.DeepClone();
            o["hostname"] = a.Hostname;
            o["start_time"] = Time(a.StartTime);
            o["end_time"] = Time(a.EndTime);
            o["force"] = a.Force;
            o["status_message"] = a.StatusMessage;
            o["audit_template_uuid"] = a.AuditTemplateUuid;
            AddTimestamps(o, a.CreatedAt, a.UpdatedAt);
        }

        return o;
    }

    public static JsonObject Plan(ActionPlan p, string baseUrl, bool detail)
    {
        var o = new JsonObject
        {
            ["uuid"] = p.Uuid,
            ["audit_uuid"] = p.AuditUuid,
            ["strategy_uuid"] = p.StrategyUuid,
            ["strategy_name"] = p.StrategyName,
            ["state"] = StateMachine<ActionPlanState>.Name(p.State),
            ["efficacy_indicators"] = Indicators(p.EfficacyIndicators),
            ["global_efficacy"] = Indicators(p.GlobalEfficacy),
            ["updated_at"] = Time(p.UpdatedAt),
            ["links"] = Links(baseUrl, "action_plans", p.Uuid),
        };
        if (detail)
        {
            o["hostname"] = p.Hostname;
            o["status_message"] = p.StatusMessage;
            o["warnings"] = new JsonArray(p.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray());
            o["compensation"] = p.Compensation is null ? null : Record(p.Compensation);
            o["rollback"] = p.Rollback is null ? null : Record(p.Rollback);
            o["orchestration_url"] = $"{baseUrl}/v1/action_plans/{p.Uuid}/orchestration";
            AddTimestamps(o, p.CreatedAt, p.UpdatedAt);
        }

        return o;
    }

    public static JsonObject Action(WatcherAction a, string baseUrl, bool detail)
    {
        var o = new JsonObject
        {
            ["uuid"] = a.Uuid,
            ["action_plan_uuid"] = a.ActionPlanUuid,
            ["action_type"] = a.ActionType,
            ["state"] = StateMachine<ActionState>.Name(a.State),
            ["parents"] = new JsonArray(a.Parents.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
            ["links"] = Links(baseUrl, "actions", a.Uuid),
        };
        if (detail)
        {
            o["input_parameters"] = a.InputParameters.DeepClone();
            o["description"] = Describe(a.ActionType);
            o["status_message"] = a.StatusMessage;
            AddTimestamps(o, a.CreatedAt, a.UpdatedAt);
        }

        return o;
    }

    /// <summary>Watcher's flat data model rows: one per (node, instance), a node without instances gives node keys only.</summary>
    /// <remarks>
    /// Microversion 1.6's server_flavor_extra_specs and server_pinned_az are added to each server row: the cluster
    /// model knows no flavor extra specs and no pinned availability zone, so they are empty ({} and null).
    /// </remarks>
    public static JsonArray DataModel(ClusterModel cluster)
    {
        var rows = DataModelConverter.ToRows(cluster);
        foreach (var row in rows.OfType<JsonObject>().Where(r => r.ContainsKey("server_uuid")))
        {
            row["server_flavor_extra_specs"] = new JsonObject();
            row["server_pinned_az"] = null;
        }

        return rows;
    }

    public static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    private static JsonArray Indicators(IReadOnlyList<EfficacyIndicator> indicators) =>
        new(indicators.Select(i => (JsonNode)new JsonObject
        {
            ["name"] = i.Name,
            ["description"] = i.Description,
            ["unit"] = i.Unit,
            ["value"] = i.Value,
        }).ToArray());

    private static JsonObject Record(ExecutionRecord r) => new()
    {
        ["outcome"] = r.Outcome,
        ["failed_action_uuid"] = r.FailedActionUuid,
        ["failure"] = r.Failure,
        ["reverted"] = new JsonArray(r.Reverted.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
        ["revert_failed"] = new JsonArray(r.RevertFailed.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
        ["at"] = Time(r.At),
    };

    private static void AddTimestamps(JsonObject o, DateTimeOffset created, DateTimeOffset? updated)
    {
        o["created_at"] = Time(created);
        o["updated_at"] = Time(updated);
        o["deleted_at"] = null;
    }

    private static string Upper(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(pascal);

    private static string Describe(string actionType) => actionType switch
    {
        "nop" => "Logging a NOP message",
        "sleep" => "Wait for a given interval in seconds.",
        "migrate" => "Moving a VM instance from source_node to destination_node",
        "stop" => "Stop a VM instance",
        "resize" => "Resize a server with specified flavor.",
        "change_nova_service_state" => "Disables or enables the nova-compute service. A disabled nova-compute service can not be selected by the nova for future deployment of new server.",
        _ => actionType,
    };
}
