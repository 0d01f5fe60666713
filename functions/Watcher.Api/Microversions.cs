using System.Text.Json.Nodes;

namespace Watcher.Api;

/// <summary>
/// Watcher's microversion history (api_microversion_history): which response fields each version added, so a response
/// follows the negotiated version. 1.1 audit start/end time, 1.2 audit force, 1.3 the data model API, 1.4 webhooks,
/// 1.5 action PATCH to SKIPPED and status_message on audits, action plans and actions, 1.6 the data model's
/// server_flavor_extra_specs and server_pinned_az; 1.7 (this service's newest) audit templates' default_parameters, and
/// execution_policy on audit templates, audits and action plans.
/// </summary>
public static class Microversions
{
    public static readonly Version StartEndTime = new(1, 1);
    public static readonly Version Force = new(1, 2);
    public static readonly Version DataModel = new(1, 3);
    public static readonly Version Webhooks = new(1, 4);
    public static readonly Version SkipActions = new(1, 5);
    public static readonly Version ServerExtras = new(1, 6);
    public static readonly Version TemplateDefaults = new(1, 7);

    /// <summary>Execution policies (compensation, disruption budgets, maintenance window) on templates, audits and plans.</summary>
    public static readonly Version ExecutionPolicies = new(1, 7);

    private static readonly Dictionary<string, (string Field, Version Since)[]> Fields = new()
    {
        ["audits"] = [("start_time", StartEndTime), ("end_time", StartEndTime), ("force", Force), ("status_message", SkipActions), ("execution_policy", ExecutionPolicies)],
        ["action_plans"] = [("status_message", SkipActions), ("execution_policy", ExecutionPolicies)],
        ["actions"] = [("status_message", SkipActions)],
        ["audit_templates"] = [("default_parameters", TemplateDefaults), ("execution_policy", ExecutionPolicies)],
        ["data_model"] = [("server_flavor_extra_specs", ServerExtras), ("server_pinned_az", ServerExtras)],
    };

    /// <summary>
    /// Removes from <paramref name="body"/> the fields of the route's resource that are newer than
    /// <paramref name="requested"/>: on the object itself and on the objects of its arrays (a list's items, the data model's rows).
    /// </summary>
    public static void Filter(string template, JsonNode? body, Version requested)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = template.Split('/');
        if (body is not JsonObject root || segments.Length < 2 || !Fields.TryGetValue(segments[1], out var fields))
        {
            return;
        }

        var hidden = fields.Where(f => requested < f.Since).Select(f => f.Field).ToList();
        if (hidden.Count == 0)
        {
            return;
        }

        IEnumerable<JsonObject> targets = [root, .. root.Select(p => p.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>())];
        foreach (var target in targets)
        {
            foreach (var field in hidden)
            {
                target.Remove(field);
            }
        }
    }
}
