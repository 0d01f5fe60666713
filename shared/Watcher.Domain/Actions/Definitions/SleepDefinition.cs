using System.Text.Json.Nodes;
using Watcher.Domain.Cluster;

namespace Watcher.Domain.Actions.Definitions;

/// <summary><c>sleep</c>: waits <c>duration</c> seconds (0 to <see cref="MaxSeconds"/>) and changes nothing; planners treat it as a barrier.</summary>
public sealed class SleepDefinition : ActionDefinition
{
    /// <summary>The longest sleep accepted, in seconds.</summary>
    public const int MaxSeconds = 3600;

    public override string ActionType => ActionTypes.Sleep;

    public override string Description => "Wait a number of seconds.";

    public override int Weight => 40;

    public override int Parallelization => 1;

    protected override string SchemaJson => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "duration": { "type": "number", "minimum": 0, "maximum": 3600, "description": "Seconds to wait." }
          },
          "required": ["duration"],
          "additionalProperties": false
        }
        """;

    /// <summary>The requested duration (1 s when absent, as Watcher).</summary>
    public static TimeSpan Duration(JsonObject input) => TimeSpan.FromSeconds(Math.Clamp(Number(input, "duration") ?? 1, 0, MaxSeconds));

    public override bool ChangesCluster => false;

    public override ActionFootprint Footprint(JsonObject input) => ActionFootprint.Barrier;

    public override void CheckPrecondition(ClusterState state, JsonObject input)
    {
        if (Number(input, "duration") is { } seconds && seconds is < 0 or > MaxSeconds)
        {
            throw new ActionPreconditionException($"sleep duration must be between 0 and {MaxSeconds} seconds, got {Format(seconds)}.");
        }
    }

    public override string Apply(ClusterState state, JsonObject input) => $"slept {Format(Duration(input).TotalSeconds)} s";
}
