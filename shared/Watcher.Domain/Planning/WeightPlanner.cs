using Watcher.Domain.Actions;
using Watcher.Domain.Strategies;

namespace Watcher.Domain.Planning;

/// <summary>
/// Watcher's <c>weight</c> planner: actions are grouped by type, types run in descending weight, and each type's
/// actions run in chunks of at most its parallelization; every action of a chunk depends on every action of the
/// chunk before it.
/// </summary>
public sealed class WeightPlanner : IPlanner
{
    /// <summary>Watcher's default weights: higher runs earlier.</summary>
    public static IReadOnlyDictionary<string, int> DefaultWeights { get; } = new Dictionary<string, int>
    {
        [ActionTypes.Nop] = 70,
        [ActionTypes.VolumeMigrate] = 60,
        [ActionTypes.ChangeNovaServiceState] = 50,
        [ActionTypes.Sleep] = 40,
        [ActionTypes.Migrate] = 30,
        [ActionTypes.Resize] = 20,
        [ActionTypes.Stop] = 15,
        [ActionTypes.ChangeNodePowerState] = 10,
    };

    /// <summary>Watcher's default number of actions of a type run at once.</summary>
    public static IReadOnlyDictionary<string, int> DefaultParallelization { get; } = new Dictionary<string, int>
    {
        [ActionTypes.Nop] = 1,
        [ActionTypes.VolumeMigrate] = 2,
        [ActionTypes.ChangeNovaServiceState] = 1,
        [ActionTypes.Sleep] = 1,
        [ActionTypes.Migrate] = 2,
        [ActionTypes.Resize] = 2,
        [ActionTypes.Stop] = 1,
        [ActionTypes.ChangeNodePowerState] = 2,
    };

    private readonly IReadOnlyDictionary<string, int> _weights;
    private readonly IReadOnlyDictionary<string, int> _parallelization;

    public WeightPlanner(IReadOnlyDictionary<string, int>? weights = null, IReadOnlyDictionary<string, int>? parallelization = null)
    {
        _weights = weights ?? DefaultWeights;
        _parallelization = parallelization ?? DefaultParallelization;
    }

    public string Name => "weight";

    public IReadOnlyList<PlannedAction> Plan(IReadOnlyList<ProposedAction> actions)
    {
        var ordered = actions
            .Select((a, i) => (Action: a, Index: i))
            .GroupBy(x => x.Action.ActionType, StringComparer.Ordinal)
            .OrderByDescending(g => _weights.GetValueOrDefault(g.Key, 0))
            .ThenBy(g => g.Min(x => x.Index));
        var planned = new List<PlannedAction>(actions.Count);
        var previousChunk = new List<int>();
        foreach (var group in ordered)
        {
            var size = Math.Max(1, _parallelization.GetValueOrDefault(group.Key, 1));
            foreach (var chunk in group.Select(x => x.Action).Chunk(size))
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
}
