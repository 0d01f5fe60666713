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
    /// <summary>Watcher's default weights: higher runs earlier.</summary>
    public static IReadOnlyDictionary<string, int> DefaultWeights { get; } = new Dictionary<string, int>
    {
        [ActionTypes.Nop] = 70,
        [ActionTypes.VolumeMigrate] = 60,
        [ActionTypes.ChangeNovaServiceState] = 50,
        [ActionTypes.Sleep] = 40,
        [ActionTypes.Migrate] = 30,
        [ActionTypes.Stop] = 35,
        [ActionTypes.Resize] = 20,
        [ActionTypes.TurnHostToAcpiS3State] = 10,
        [ActionTypes.ChangeNodePowerState] = 9,
    };

    /// <summary>Watcher's default number of actions of a type run at once.</summary>
    public static IReadOnlyDictionary<string, int> DefaultParallelization { get; } = new Dictionary<string, int>
    {
        [ActionTypes.Nop] = 1,
        [ActionTypes.VolumeMigrate] = 2,
        [ActionTypes.ChangeNovaServiceState] = 1,
        [ActionTypes.Sleep] = 1,
        [ActionTypes.Migrate] = 2,
        [ActionTypes.Stop] = 2,
        [ActionTypes.Resize] = 2,
        [ActionTypes.TurnHostToAcpiS3State] = 2,
        [ActionTypes.ChangeNodePowerState] = 2,
    };

    private readonly IReadOnlyDictionary<string, int> _weights;
    private readonly IReadOnlyDictionary<string, int> _parallelization;

    /// <summary>Watcher's default weights and parallelization.</summary>
    public WeightPlanner()
        : this(null, null)
    {
    }

    public WeightPlanner(IReadOnlyDictionary<string, int>? weights, IReadOnlyDictionary<string, int>? parallelization)
    {
        _weights = weights ?? DefaultWeights;
        _parallelization = parallelization ?? DefaultParallelization;
    }

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
}
