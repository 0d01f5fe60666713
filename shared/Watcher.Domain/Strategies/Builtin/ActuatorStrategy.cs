using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Errors;
using Watcher.Domain.Planning;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>actuator</c> strategy (goal unclassified): emits the actions given in the <c>actions</c> parameter, in
/// order, after checking each names a known action type (one with a handler, or one of Watcher's action types, with a
/// warning when no handler can apply it yet) and that its migrations respect capacity and the audit scope.
/// </summary>
public sealed class ActuatorStrategy : IStrategy
{
    /// <summary>Watcher's action types: accepted even without a handler in this deployment (the plan warns about them).</summary>
    public static readonly IReadOnlyList<string> WatcherActionTypes =
    [
        ActionTypes.Migrate, ActionTypes.ChangeNovaServiceState, ActionTypes.Nop, ActionTypes.Sleep, ActionTypes.Stop,
        ActionTypes.Resize, ActionTypes.ChangeNodePowerState, ActionTypes.VolumeMigrate, ActionTypes.TurnHostToAcpiS3State,
    ];

    private const string P = "actions";
    private static readonly string[] ItemKeys = ["action_type", "input_parameters", "resource_id"];
    private readonly IReadOnlyCollection<string>? _handlerTypes;

    public ActuatorStrategy()
    {
    }

    /// <summary>An actuator that checks action types against the given handler types rather than <see cref="ActionCatalog.Default"/>.</summary>
    public ActuatorStrategy(IReadOnlyCollection<string> handlerTypes) => _handlerTypes = handlerTypes;

    public string Name => "actuator";

    public string DisplayName => "Actuator";

    public string GoalName => GoalCatalog.Unclassified;

    public ParameterSchema Parameters { get; } = new ParameterSchema()
        .Json(P, "array", "The actions to plan, in order: [{\"action_type\", \"input_parameters\": {...}, \"resource_id\" (optional)}].", required: true);

    public StrategyResult Execute(StrategyContext context)
    {
        var handlers = (_handlerTypes ?? ActionCatalog.Default.Types).ToHashSet(StringComparer.Ordinal);
        var actions = new List<ProposedAction>();
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in context.Parameters[P]!.AsArray())
        {
            var action = Parse(item, index, handlers, warnings);
            var key = action.ActionType + "\n" + action.InputParameters.ToJsonString();
            if (seen.Add(key))
            {
                actions.Add(action);
            }
            else
            {
                warnings.Add($"Action {index} ({action.ActionType}) repeats an earlier action and is dropped.");
            }

            index++;
        }

        CheckMigrations(context, actions);
        return new StrategyResult { Actions = actions, Warnings = warnings };
    }

    private static ValidationException Invalid(string problem) => new($"Parameter '{P}' of strategy 'actuator' {problem}.");

    private static ProposedAction Parse(JsonNode? item, int index, HashSet<string> handlers, List<string> warnings)
    {
        if (item is not JsonObject entry)
        {
            throw Invalid($"item {index} must be an object");
        }

        foreach (var (key, _) in entry)
        {
            if (!ItemKeys.Contains(key))
            {
                throw Invalid($"item {index} has unknown key '{key}' (allowed: {string.Join(", ", ItemKeys)})");
            }
        }

        if (entry["action_type"] is not JsonValue typeValue || typeValue.GetValueKind() != JsonValueKind.String || typeValue.GetValue<string>().Length == 0)
        {
            throw Invalid($"item {index} requires 'action_type', a non-empty string");
        }

        var type = typeValue.GetValue<string>();
        if (!handlers.Contains(type) && !WatcherActionTypes.Contains(type))
        {
            var known = handlers.Union(WatcherActionTypes).Order(StringComparer.Ordinal);
            throw Invalid($"item {index}: action_type '{type}' is not a known action type (known: {string.Join(", ", known)})");
        }

        if (!handlers.Contains(type))
        {
            warnings.Add($"Action {index}: no handler for action type '{type}' is installed; applying the plan will fail at this action.");
        }

        if (entry["input_parameters"] is not JsonObject input)
        {
            throw Invalid($"item {index} requires 'input_parameters', an object");
        }

        var parameters = input.DeepClone().AsObject();
        if (entry["resource_id"] is { } resource)
        {
            if (resource.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid($"item {index}: 'resource_id' must be a string");
            }

            var id = resource.GetValue<string>();
            if (parameters["resource_id"] is { } inner && (inner.GetValueKind() != JsonValueKind.String || inner.GetValue<string>() != id))
            {
                throw Invalid($"item {index} gives two different resource_id values");
            }

            parameters["resource_id"] = id;
        }

        return new ProposedAction(type, parameters);
    }

    /// <summary>Migrations must name a destination, keep every node within capacity and stay inside the audit scope.</summary>
    private static void CheckMigrations(StrategyContext context, IReadOnlyList<ProposedAction> actions)
    {
        foreach (var migrate in actions.Where(a => a.ActionType == ActionTypes.Migrate))
        {
            var id = migrate.InputParameters["resource_id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            var destination = migrate.InputParameters["destination_node"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
            if (id is null || destination is null)
            {
                throw Invalid("has a migrate action without a string 'resource_id' and 'destination_node'");
            }

            if (context.Cluster.FindInstance(id) is { } instance && !context.Scope.IsInstanceMovable(instance))
            {
                throw Invalid($"migrates instance {id}, which the audit scope excludes");
            }

            if (context.Cluster.FindNode(destination) is { } node && !context.Scope.IsNodeInScope(node))
            {
                throw Invalid($"migrates to {destination}, which is outside the audit scope");
            }
        }

        var problems = PlanVerifier.Verify(context.Cluster, actions);
        if (problems.Count > 0)
        {
            throw Invalid("would break the cluster: " + string.Join("; ", problems));
        }
    }
}
