using System.Text.Json;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using Watcher.Domain.Cluster;
using Watcher.Domain.Errors;
using Watcher.Domain.Planning;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// Watcher's <c>actuator</c> strategy (goal unclassified): emits the actions given in the <c>actions</c> parameter, in
/// order, after checking each names a known action type (one with a handler, or one of Watcher's action types, with a
/// warning when no handler can apply it yet) and that its migrations respect capacity and the audit scope.
/// </summary>
public sealed class ActuatorStrategy : Strategy<ActuatorParameters>
{
    /// <summary>Watcher's action types: accepted even without a handler in this deployment (the plan warns about them).</summary>
    public static readonly IReadOnlyList<string> WatcherActionTypes =
    [
        ActionTypes.Migrate, ActionTypes.ChangeNovaServiceState, ActionTypes.Nop, ActionTypes.Sleep, ActionTypes.Stop,
        ActionTypes.Resize, ActionTypes.ChangeNodePowerState, ActionTypes.VolumeMigrate, ActionTypes.TurnHostToAcpiS3State,
    ];

    private const string P = "actions";
    private readonly IReadOnlyCollection<string>? _handlerTypes;

    public ActuatorStrategy()
    {
    }

    /// <summary>An actuator that checks action types against the given handler types rather than <see cref="ActionCatalog.Default"/>.</summary>
    public ActuatorStrategy(IReadOnlyCollection<string> handlerTypes) => _handlerTypes = handlerTypes;

    public override string Name => "actuator";

    public override string DisplayName => "Actuator";

    public override string GoalName => GoalCatalog.Unclassified;

    public override ParameterSchema Parameters => ActuatorParameters.Schema;

    protected override StrategyResult Execute(StrategyContext context, ActuatorParameters parameters)
    {
        var handlers = (_handlerTypes ?? ActionCatalog.Default.Types).ToHashSet(StringComparer.Ordinal);
        var actions = new List<ProposedAction>();
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in parameters.Actions)
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

    /// <inheritdoc />
    public override bool ChecksParametersAgainstCluster => true;

    /// <summary>
    /// The actions as the audit will plan them, checked when the audit is created: each names a known action type, its
    /// input matches that type's schema (a sleep of -1 s or "NaN" s), and, given the cluster, replaying them in order
    /// finds every instance and host they name and keeps every pre-condition (a stop of instance "nope"). Each problem
    /// names the action's index and field: <c>actions[1].input_parameters.resource_id</c>.
    /// </summary>
    public override IReadOnlyList<string> CheckParameters(JsonObject parameters, ClusterModel? cluster)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ActuatorParameters bound;
        try
        {
            bound = Parameters.Bind<ActuatorParameters>(parameters, Name);
        }
        catch (ValidationException ex)
        {
            return [ex.Message];
        }

        var catalog = ActionCatalog.Default;
        var handlers = (_handlerTypes ?? catalog.Types).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var state = cluster is null ? null : new ClusterState(cluster);
        for (var i = 0; i < bound.Actions.Count; i++)
        {
            var where = $"Parameter '{P}[{i}]' of strategy 'actuator'";
            ProposedAction action;
            try
            {
                action = Parse(bound.Actions[i], i, handlers, []);
            }
            catch (ValidationException ex)
            {
                problems.Add(ex.Message);
                continue;
            }

            if (catalog.Find(action.ActionType) is not { } definition)
            {
                continue; // A Watcher action type without a handler here: the plan warns, as Watcher would.
            }

            var input = catalog.ValidateInput(action.ActionType, action.InputParameters);
            if (input.Count > 0)
            {
                problems.AddRange(input.Select(p => $"{where} ({action.ActionType}): {InputField(p)}"));
                continue;
            }

            if (state is null)
            {
                continue;
            }

            try
            {
                definition.CheckPrecondition(state, action.InputParameters);
                definition.Apply(state, action.InputParameters);
            }
            catch (Exception ex) when (ex is ActionPreconditionException or ActionFailedException)
            {
                problems.Add($"{where} ({action.ActionType}{(action.ResourceId is { } id ? " of " + id : string.Empty)}): {ex.Message}");
            }
        }

        return problems;
    }

    /// <summary>"/duration: must be at least 0" as "'input_parameters.duration' must be at least 0".</summary>
    private static string InputField(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return problem.StartsWith('/') && colon > 0
            ? $"'input_parameters.{problem[1..colon].Replace('/', '.')}' {problem[(colon + 2)..]}"
            : "input_parameters: " + problem;
    }

    private static ValidationException Invalid(string problem) => new($"Parameter '{P}' of strategy 'actuator' {problem}.");

    /// <summary>The item's shape is the schema's job; what is left are the checks that need the action registry.</summary>
    private static ProposedAction Parse(ActuatorAction item, int index, HashSet<string> handlers, List<string> warnings)
    {
        var type = item.ActionType;
        if (!handlers.Contains(type) && !WatcherActionTypes.Contains(type))
        {
            var known = handlers.Union(WatcherActionTypes).Order(StringComparer.Ordinal);
            throw Invalid($"item {index}: action_type '{type}' is not a known action type (known: {string.Join(", ", known)})");
        }

        if (!handlers.Contains(type))
        {
            warnings.Add($"Action {index}: no handler for action type '{type}' is installed; applying the plan will fail at this action.");
        }

        var parameters = item.InputParameters.DeepClone().AsObject();
        if (item.ResourceId is { } id)
        {
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
