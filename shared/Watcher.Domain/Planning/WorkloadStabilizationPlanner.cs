using Watcher.Domain.Actions;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Watcher's <c>workload_stabilization</c> planner: actions are ordered by descending weight (strategy order kept among
/// equal weights) and linked by the resources they touch rather than layered. Migrations, service-state changes, sleeps
/// and nops have no parents (they may all run at once); a resize depends on every earlier action on its instance; a
/// <c>turn_host_to_acpi_s3_state</c> depends on the resizes on its host and on the migrations off it that no resize
/// already waits for. An action type without a weight, or without a parent rule, is rejected as in Watcher.
/// </summary>
public sealed class WorkloadStabilizationPlanner : IPlanner
{
    /// <summary>Watcher's default weights: higher runs earlier.</summary>
    public static IReadOnlyDictionary<string, int> DefaultWeights { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [ActionTypes.TurnHostToAcpiS3State] = 0,
        [ActionTypes.Resize] = 1,
        [ActionTypes.Migrate] = 2,
        [ActionTypes.Sleep] = 3,
        [ActionTypes.ChangeNovaServiceState] = 4,
        [ActionTypes.Nop] = 5,
    };

    private readonly IReadOnlyDictionary<string, int> _weights;

    public WorkloadStabilizationPlanner()
        : this(null)
    {
    }

    public WorkloadStabilizationPlanner(IReadOnlyDictionary<string, int>? weights) => _weights = weights ?? DefaultWeights;

    public string Name => "workload_stabilization";

    public IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions)
    {
        var ordered = actions
            .Select(a => (Action: a, Weight: _weights.TryGetValue(a.ActionType, out var w)
                ? w
                : throw new InvalidOperationException($"Planner '{Name}' has no weight for action type '{a.ActionType}'.")))
            .OrderByDescending(x => x.Weight)
            .Select(x => x.Action)
            .ToList();

        // Watcher's resource_action_map: instance uuid or hostname -> the actions touching it, in plan order.
        var byResource = new Dictionary<string, List<(int Index, string Type)>>(StringComparer.Ordinal);
        var parentsOf = new List<List<int>>(ordered.Count);
        var planned = new List<PlannedAction>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var action = ordered[i];
            var parents = new List<int>();
            switch (action.ActionType)
            {
                case ActionTypes.Migrate:
                    Map(byResource, action.ResourceId, i, action.ActionType);
                    Map(byResource, Text(action, "source_node"), i, action.ActionType);
                    break;
                case ActionTypes.Resize:
                    if (action.ResourceId is { } instance && byResource.TryGetValue(instance, out var earlier))
                    {
                        parents.AddRange(earlier.Select(e => e.Index));
                    }

                    // Watcher asks Nova for the instance's host; before the plan runs that is the source of its migration.
                    Map(byResource, HostOf(ordered, i, action.ResourceId), i, action.ActionType);
                    break;
                case ActionTypes.ChangeNovaServiceState:
                    Map(byResource, action.ResourceId, i, action.ActionType);
                    break;
                case ActionTypes.Sleep:
                case ActionTypes.Nop:
                    break;
                case ActionTypes.TurnHostToAcpiS3State:
                    parents.AddRange(AcpiParents(byResource, parentsOf, action));
                    break;
                default:
                    throw new InvalidOperationException($"Planner '{Name}' does not support action type '{action.ActionType}'.");
            }

            parentsOf.Add(parents);
            planned.Add(new PlannedAction(action, parents));
        }

        return planned;
    }

    private static IEnumerable<int> AcpiParents(Dictionary<string, List<(int Index, string Type)>> byResource, List<List<int>> parentsOf, ProposedAction action)
    {
        var onHost = new List<(int Index, string Type)>();
        foreach (var key in new[] { action.ResourceId, Text(action, "resource_name") }.Distinct(StringComparer.Ordinal))
        {
            if (key is not null && byResource.TryGetValue(key, out var list))
            {
                onHost.AddRange(list);
            }
        }

        var resizes = onHost.Where(a => a.Type == ActionTypes.Resize).Select(a => a.Index).Distinct().ToList();
        var resizeParents = resizes.SelectMany(r => parentsOf[r]).ToHashSet();
        var migrations = onHost.Where(a => a.Type == ActionTypes.Migrate && !resizeParents.Contains(a.Index)).Select(a => a.Index).Distinct();
        return resizes.Concat(migrations).ToList();
    }

    private static string? HostOf(List<ProposedAction> ordered, int index, string? instance)
    {
        for (var j = 0; j < index; j++)
        {
            if (ordered[j].ActionType == ActionTypes.Migrate && ordered[j].ResourceId == instance)
            {
                return Text(ordered[j], "source_node");
            }
        }

        return null;
    }

    private static string? Text(ProposedAction action, string name) =>
        action.InputParameters[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void Map(Dictionary<string, List<(int Index, string Type)>> byResource, string? key, int index, string type)
    {
        if (key is null)
        {
            return;
        }

        if (!byResource.TryGetValue(key, out var list))
        {
            list = [];
            byResource[key] = list;
        }

        list.Add((index, type));
    }
}
