using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Api.Contracts;
using Watcher.Domain.Cluster;
using Watcher.Domain.Lifecycle;
using Watcher.Domain.Model;
using Watcher.Domain.Planning;
using Watcher.Domain.Strategies;

namespace Watcher.Api;

/// <summary>Watcher v1 JSON shapes of each resource, in list (summary) and detail form.</summary>
public static class Views
{
    private static readonly ConcurrentDictionary<Type, string[]> DetailOnly = new();

    /// <summary>How response records are written (their names come from [JsonPropertyName]); also the options their OpenAPI schemas are exported with.</summary>
    public static JsonSerializerOptions ViewOptions { get; } = CreateViewOptions();

    public static JsonArray Links(string baseUrl, string collection, string id) =>
    [
        new JsonObject { ["href"] = $"{baseUrl}/v1/{collection}/{id}", ["rel"] = "self" },
        new JsonObject { ["href"] = $"{baseUrl}/{collection}/{id}", ["rel"] = "bookmark" },
    ];

    public static JsonObject Goal(Goal goal, string baseUrl, bool detail) => ToJson(GoalView(goal, baseUrl), detail);

    public static GoalView GoalView(Goal goal, string baseUrl) => new()
    {
        Uuid = goal.Uuid,
        Name = goal.Name,
        DisplayName = goal.DisplayName,
        EfficacySpecification = [.. goal.EfficacySpecification.Select(s => new EfficacySpecView { Name = s.Name, Description = s.Description, Unit = s.Unit, Schema = s.Schema })],
        Links = LinkViews(baseUrl, "goals", goal.Uuid),
        CreatedAt = Time(DateTimeOffset.UnixEpoch),
    };

    public static JsonObject Strategy(IStrategy strategy, string baseUrl, bool detail) => ToJson(StrategyView(strategy, baseUrl), detail);

    public static StrategyView StrategyView(IStrategy strategy, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var goal = GoalCatalog.Find(strategy.GoalName)!;
        return new()
        {
            Uuid = StrategyRegistry.UuidOf(strategy),
            Name = strategy.Name,
            DisplayName = strategy.DisplayName,
            GoalUuid = goal.Uuid,
            GoalName = goal.Name,
            Links = LinkViews(baseUrl, "strategies", StrategyRegistry.UuidOf(strategy)),
            ParametersSpec = strategy.Parameters.ToJsonSchema(),
        };
    }

    public static JsonObject Template(AuditTemplate t, string baseUrl, bool detail) => ToJson(TemplateView(t, baseUrl), detail);

    public static AuditTemplateView TemplateView(AuditTemplate t, string baseUrl) => new()
    {
        Uuid = t.Uuid,
        Name = t.Name,
        GoalUuid = t.GoalUuid,
        GoalName = t.GoalName,
        StrategyUuid = t.StrategyUuid,
        StrategyName = t.StrategyName,
        Scope = (JsonArray)t.Scope.DeepClone(),
        DefaultParameters = (JsonObject?)t.DefaultParameters?.DeepClone(),
        ExecutionPolicy = ExecutionPolicies.View(t.ExecutionPolicy),
        Links = LinkViews(baseUrl, "audit_templates", t.Uuid),
        Description = t.Description,
        CreatedAt = Time(t.CreatedAt),
        UpdatedAt = Time(t.UpdatedAt),
    };

    public static JsonObject Audit(Audit a, string baseUrl, bool detail) => ToJson(AuditView(a, baseUrl), detail);

    public static AuditView AuditView(Audit a, string baseUrl) => new()
    {
        Uuid = a.Uuid,
        Name = a.Name,
        AuditType = Upper(a.AuditType.ToString()),
        State = StateMachine<AuditState>.Name(a.State),
        GoalUuid = a.GoalUuid,
        GoalName = a.GoalName,
        StrategyUuid = a.StrategyUuid,
        StrategyName = a.StrategyName,
        Interval = a.Interval,
        Scope = (JsonArray)a.Scope.DeepClone(),
        AutoTrigger = a.AutoTrigger,
        NextRunTime = Time(a.NextRunTime),
        Links = LinkViews(baseUrl, "audits", a.Uuid),
        Parameters = (JsonObject)a.Parameters.DeepClone(),
        Hostname = a.Hostname,
        StartTime = Time(a.StartTime),
        EndTime = Time(a.EndTime),
        Force = a.Force,
        StatusMessage = a.StatusMessage,
        AuditTemplateUuid = a.AuditTemplateUuid,
        ExecutionPolicy = ExecutionPolicies.View(a.ExecutionPolicy),
        CreatedAt = Time(a.CreatedAt),
        UpdatedAt = Time(a.UpdatedAt),
    };

    public static JsonObject Plan(ActionPlan p, string baseUrl, bool detail) => ToJson(PlanView(p, baseUrl), detail);

    public static ActionPlanView PlanView(ActionPlan p, string baseUrl) => new()
    {
        Uuid = p.Uuid,
        AuditUuid = p.AuditUuid,
        StrategyUuid = p.StrategyUuid,
        StrategyName = p.StrategyName,
        State = StateMachine<ActionPlanState>.Name(p.State),
        EfficacyIndicators = Indicators(p.EfficacyIndicators),
        GlobalEfficacy = Indicators(p.GlobalEfficacy),
        UpdatedAt = Time(p.UpdatedAt),
        Links = LinkViews(baseUrl, "action_plans", p.Uuid),
        ReturnOf = p.ReturnOf,
        MaintainedHost = p.MaintainedHost,
        Hostname = p.Hostname,
        StatusMessage = p.StatusMessage,
        Warnings = p.Warnings,
        ProjectedProfiles = [.. p.ProjectedProfiles.Select(Profile)],
        Compensation = p.Compensation is null ? null : Record(p.Compensation),
        Rollback = p.Rollback is null ? null : Record(p.Rollback),
        NextRunAt = Time(p.NextRunAt),
        ExecutionPolicy = ExecutionPolicies.View(p.ExecutionPolicy)!,
        OrchestrationUrl = $"{baseUrl}/v1/action_plans/{p.Uuid}/orchestration",
        CreatedAt = Time(p.CreatedAt),
    };

    /// <summary>A rollback preview: the reverse plan with each revert's verdict, and its drift.</summary>
    public static RollbackPreviewView RollbackPreviewView(RollbackPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        static RollbackStepView Step(RollbackStep s) => new()
        {
            Uuid = s.ActionUuid,
            ActionType = s.ActionType,
            Wave = s.Wave,
            DependsOn = s.DependsOn,
            Verdict = JsonNamingPolicy.SnakeCaseLower.ConvertName(s.Verdict.ToString()),
            Reason = s.Reason,
        };
        return new()
        {
            ActionPlanUuid = preview.ActionPlanUuid,
            Allowed = preview.Allowed,
            Refusal = preview.Refusal,
            Actions = [.. preview.Steps.Select(Step)],
            Drift = [.. preview.Drift.Select(Step)],
        };
    }

    public static JsonObject Action(WatcherAction a, string baseUrl, bool detail) => ToJson(ActionView(a, baseUrl), detail);

    public static ActionView ActionView(WatcherAction a, string baseUrl) => new()
    {
        Uuid = a.Uuid,
        ActionPlanUuid = a.ActionPlanUuid,
        ActionType = a.ActionType,
        State = StateMachine<ActionState>.Name(a.State),
        Parents = a.Parents,
        Links = LinkViews(baseUrl, "actions", a.Uuid),
        InputParameters = (JsonObject)a.InputParameters.DeepClone(),
        Description = Describe(a.ActionType),
        StatusMessage = a.StatusMessage,
        CreatedAt = Time(a.CreatedAt),
        UpdatedAt = Time(a.UpdatedAt),
    };

    /// <summary>
    /// A response record as the JSON object handlers return (the microversion filter then works on it); the summary
    /// form (<paramref name="detail"/> false) leaves out the record's <see cref="DetailOnlyAttribute"/> members.
    /// </summary>
    public static JsonObject ToJson<T>(T view, bool detail)
        where T : class
    {
        var o = JsonSerializer.SerializeToNode(view, ViewOptions)!.AsObject();
        if (!detail)
        {
            foreach (var name in DetailOnly.GetOrAdd(typeof(T), static type => [.. ViewOptions.GetTypeInfo(type).Properties
                .Where(p => p.AttributeProvider?.IsDefined(typeof(DetailOnlyAttribute), inherit: false) == true).Select(p => p.Name)]))
            {
                o.Remove(name);
            }
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

    private static List<EfficacyIndicatorView> Indicators(IReadOnlyList<EfficacyIndicator> indicators) =>
        [.. indicators.Select(i => new EfficacyIndicatorView { Name = i.Name, Description = i.Description, Unit = i.Unit, Value = i.Value })];

    private static ProjectedProfileView Profile(ProjectedProfile p) => new()
    {
        HostUuid = p.HostUuid,
        Hostname = p.Hostname,
        Metric = p.Metric,
        Before = [.. p.Before.Select(Finite)],
        After = [.. p.After.Select(Finite)],
        Threshold = p.Threshold,
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static ExecutionRecordView Record(ExecutionRecord r) => new()
    {
        Outcome = r.Outcome,
        FailedActionUuid = r.FailedActionUuid,
        Failure = r.Failure,
        Reverted = r.Reverted,
        RevertFailed = r.RevertFailed,
        NotReverted = [.. r.NotReverted.Select(n => new RevertNoteView { ActionUuid = n.ActionUuid, Reason = n.Reason })],
        Policy = r.Policy?.ToString().ToLowerInvariant(),
        At = Time(r.At),
    };

    private static LinkView[] LinkViews(string baseUrl, string collection, string id) =>
    [
        new() { Href = $"{baseUrl}/v1/{collection}/{id}", Rel = "self" },
        new() { Href = $"{baseUrl}/{collection}/{id}", Rel = "bookmark" },
    ];

    private static JsonSerializerOptions CreateViewOptions()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        options.MakeReadOnly();
        return options;
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
