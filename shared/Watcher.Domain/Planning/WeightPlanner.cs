using Watcher.Domain.Actions;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Watcher's <c>weight</c> planner: actions are grouped by weight (strategy order kept inside a group), groups run
/// in descending weight, and each group runs in chunks of at most its action type's parallelization; every action of
/// a chunk depends on every action of the chunk before it, so the graph is layered.
/// </summary>
public sealed class WeightPlanner : IPlanner
{
    private readonly IReadOnlyDictionary<string, int> _weights;
    private readonly IReadOnlyDictionary<string, int> _parallelization;

    /// <summary>The weights and parallelization of the built-in action definitions.</summary>
    public WeightPlanner()
        : this(ActionCatalog.Default)
    {
    }

    /// <summary>The weights and parallelization declared by each action definition of <paramref name="catalog"/>.</summary>
    public WeightPlanner(ActionCatalog catalog)
        : this(catalog, null, null)
    {
    }

    /// <summary>The definitions' weights and parallelization, with per-type overrides (Watcher's planner configuration).</summary>
    public WeightPlanner(ActionCatalog catalog, IReadOnlyDictionary<string, int>? weights, IReadOnlyDictionary<string, int>? parallelization)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _weights = Merge(catalog.All.ToDictionary(d => d.ActionType, d => d.Weight, StringComparer.Ordinal), weights);
        _parallelization = Merge(catalog.All.ToDictionary(d => d.ActionType, d => d.Parallelization, StringComparer.Ordinal), parallelization);
    }

    /// <summary>The weight of each action type: higher runs earlier; unknown types weigh 0.</summary>
    public IReadOnlyDictionary<string, int> Weights => _weights;

    /// <summary>How many actions of each type run at once; unknown types run one at a time.</summary>
    public IReadOnlyDictionary<string, int> Parallelization => _parallelization;

    public string Name => "weight";

    public IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions)
    {
        var ordered = actions
            .GroupBy(a => _weights.GetValueOrDefault(a.ActionType, 0))
            .OrderByDescending(g => g.Key);
        var planned = new List<PlannedAction>(actions.Count);
        var previousChunk = new List<int>();
        foreach (var group in ordered)
        {
            var size = Math.Max(1, group.Min(a => _parallelization.GetValueOrDefault(a.ActionType, 1)));
            foreach (var chunk in group.Chunk(size))
            {
                var current = new List<int>(chunk.Length);
                foreach (var action in chunk)
                {
                    current.Add(planned.Count);
                    planned.Add(new PlannedAction(action, previousChunk.ToList()));
                }

                previousChunk = current;
            }
        }

        return planned;
    }

    private static Dictionary<string, int> Merge(Dictionary<string, int> defaults, IReadOnlyDictionary<string, int>? overrides)
    {
        foreach (var (type, value) in overrides ?? new Dictionary<string, int>())
        {
            defaults[type] = value;
        }

        return defaults;
    }
}
